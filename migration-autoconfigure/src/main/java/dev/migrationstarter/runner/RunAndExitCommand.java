package dev.migrationstarter.runner;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.migrationstarter.jdbc.Redaction;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.core.Ordered;

/**
 * The job of a run-and-exit process ({@code --migrate-only}, {@code --migration-status},
 * {@code --await-schema}): does it, closes the context, logs the outcome as the last line
 * and ends the process with its {@link MigrationExitCode}.
 *
 * <p>
 * It acts on the first {@link ContextRefreshedEvent}, before any application runner or
 * {@code ApplicationStartedEvent} listener, because Spring Boot creates every runner bean
 * before it calls the first one; exiting from a runner would come too late to keep the
 * application's own runners from being created. Closing the context before exiting is
 * what lets a push meter registry publish the run's meters.
 *
 * @author migration-starter
 */
public abstract class RunAndExitCommand implements ApplicationListener<ContextRefreshedEvent>, Ordered {

	private static final Log logger = LogFactory.getLog(RunAndExitCommand.class);

	private final ConfigurableApplicationContext context;

	private final ProcessExit processExit;

	protected RunAndExitCommand(ConfigurableApplicationContext context, ProcessExit processExit) {
		this.context = context;
		this.processExit = processExit;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	public void onApplicationEvent(ContextRefreshedEvent event) {
		if (event.getApplicationContext() != this.context) {
			return;
		}
		Completion completion = run(this.context);
		AtomicBoolean ended = new AtomicBoolean();
		CountDownLatch closed = new CountDownLatch(1);
		Thread watchdog = new Thread(() -> endUnlessClosed(completion, closed, ended), "migration-close-watchdog");
		watchdog.setDaemon(true);
		watchdog.start();
		this.context.close();
		closed.countDown();
		if (ended.compareAndSet(false, true)) {
			completion.report().run();
			this.processExit.exit(completion.exitCode().code());
		}
	}

	// a pool whose database stopped answering may wait for its connection timeout, and
	// more, before it closes; the outcome must not wait for it
	private void endUnlessClosed(Completion completion, CountDownLatch closed, AtomicBoolean ended) {
		try {
			if (closed.await(completion.closeTimeout().toMillis(), TimeUnit.MILLISECONDS)
					|| !ended.compareAndSet(false, true)) {
				return;
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return;
		}
		logger.warn("The application context did not close within " + completion.closeTimeout().toMillis()
				+ " ms; ending the process without waiting for it");
		completion.report().run();
		this.processExit.halt(completion.exitCode().code());
	}

	/**
	 * Do the job.
	 * @param context the refreshed application context
	 * @return how the process ends
	 */
	protected abstract Completion run(ConfigurableApplicationContext context);

	/**
	 * Joins a failure's message and its next step into the one line an operator reads
	 * last.
	 * @param failure the failure
	 * @return the line
	 */
	protected static String describe(MigrationException failure) {
		String message = failure.getMessage().strip();
		while (message.endsWith(".")) {
			message = message.substring(0, message.length() - 1);
		}
		return Redaction.text(message + ". Next: " + failure.getNextStep() + ".");
	}

	/**
	 * How a run-and-exit process ends.
	 *
	 * @param exitCode the exit code
	 * @param report logs the outcome once the context is closed
	 * @param closeTimeout how long closing the context may take before the process ends
	 * without waiting for it
	 */
	public record Completion(MigrationExitCode exitCode, Runnable report, Duration closeTimeout) {

		/**
		 * How long closing the context may take unless a command knows better.
		 */
		public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(30);

		public Completion(MigrationExitCode exitCode, Runnable report) {
			this(exitCode, report, DEFAULT_CLOSE_TIMEOUT);
		}

	}

}
