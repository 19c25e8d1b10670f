package dev.migrationstarter.runner;

import dev.migrationstarter.jdbc.Redaction;

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
		this.context.close();
		completion.report().run();
		this.processExit.exit(completion.exitCode().code());
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
	 */
	public record Completion(MigrationExitCode exitCode, Runnable report) {

	}

}
