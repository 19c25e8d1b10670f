package dev.migrationstarter.sample.noisy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.annotation.PostConstruct;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * An application with everything that a {@code --migrate-only} process must not start: a
 * runner, a scheduled task, a message-listener-like lifecycle bean, a context listener, a
 * web server, and a bean whose initialisation throws. Each leaves a marker file when it
 * is created or runs.
 *
 * @author migration-starter
 */
@SpringBootApplication
@EnableScheduling
public class NoisyApplication {

	public static void main(String[] args) {
		SpringApplication.run(NoisyApplication.class, args);
	}

	static void mark(String markers, String name) {
		try {
			Files.createDirectories(Path.of(markers));
			Files.writeString(Path.of(markers, name), name);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Component
	static class MarkingRunner implements CommandLineRunner {

		private final String markers;

		MarkingRunner(@Value("${noisy.markers}") String markers) {
			this.markers = markers;
			mark(markers, "runner-created");
		}

		@Override
		public void run(String... args) {
			mark(this.markers, "runner-ran");
		}

	}

	@Component
	static class MarkingScheduledTask {

		private final String markers;

		MarkingScheduledTask(@Value("${noisy.markers}") String markers) {
			this.markers = markers;
			mark(markers, "scheduled-created");
		}

		@Scheduled(fixedDelay = 50)
		void tick() {
			mark(this.markers, "scheduled-ran");
		}

	}

	@Component
	static class FakeMessageListenerContainer implements SmartLifecycle {

		private final String markers;

		private volatile boolean running;

		FakeMessageListenerContainer(@Value("${noisy.markers}") String markers) {
			this.markers = markers;
			mark(markers, "listener-created");
		}

		@Override
		public void start() {
			mark(this.markers, "listener-started");
			this.running = true;
		}

		@Override
		public void stop() {
			this.running = false;
		}

		@Override
		public boolean isRunning() {
			return this.running;
		}

	}

	@Component
	static class MarkingContextListener {

		private final String markers;

		MarkingContextListener(@Value("${noisy.markers}") String markers) {
			this.markers = markers;
		}

		@EventListener
		void onRefreshed(ContextRefreshedEvent event) {
			mark(this.markers, "context-listener-ran");
		}

	}

	@Component
	@ConditionalOnBooleanProperty(name = "noisy.explode", matchIfMissing = true)
	static class ExplodingBean {

		@PostConstruct
		void explode() {
			throw new IllegalStateException("ExplodingBean must never be initialised by --migrate-only");
		}

	}

}
