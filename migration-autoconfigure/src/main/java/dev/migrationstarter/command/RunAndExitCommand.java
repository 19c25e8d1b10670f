package dev.migrationstarter.command;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.migrationstarter.core.Durations;
import dev.migrationstarter.core.MigrationException;
import dev.migrationstarter.core.MigrationExitCode;
import dev.migrationstarter.core.MigrationReport;
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

	/**
	 * The exit status of a process stopped by SIGTERM, as shells report it (128 + 15).
	 */
	public static final int TERMINATED = 143;

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
		RunReportFile reportFile = this.context.getBeanProvider(RunReportFile.class).getIfAvailable();
		if (reportFile != null && !reportFile.isWritable()) {
			this.context.close();
			logger.error("Run not started (exit code 1): the run report cannot be written to " + reportFile.path()
					+ ". Next: point migration.report-file at a writable file in an existing directory.");
			this.processExit.exit(MigrationExitCode.MIGRATION_FAILED.code());
			return;
		}
		AtomicBoolean ended = new AtomicBoolean();
		Thread termination = new Thread(() -> endOnTermination(ended), "migration-termination");
		Runtime.getRuntime().addShutdownHook(termination);
		try {
			runAndEnd(reportFile, ended);
		}
		finally {
			removeTerminationHook(termination);
		}
	}

	private void runAndEnd(RunReportFile reportFile, AtomicBoolean ended) {
		Instant startedAt = Instant.now();
		Completion completion = run(this.context);
		CountDownLatch closed = new CountDownLatch(1);
		Thread watchdog = new Thread(() -> endUnlessClosed(completion, closed, ended, reportFile, startedAt),
				"migration-close-watchdog");
		watchdog.setDaemon(true);
		watchdog.start();
		this.context.close();
		closed.countDown();
		if (ended.compareAndSet(false, true)) {
			if (reportFile != null) {
				writeReport(reportFile, completion, startedAt);
			}
			completion.report().run();
			this.processExit.exit(completion.exitCode().code());
		}
	}

	// SIGTERM (a deleted Job, an evicted pod) runs the JVM's shutdown hooks; the process
	// halts right after the last line, so that nothing the work still logs can follow it
	private void endOnTermination(AtomicBoolean ended) {
		if (!ended.compareAndSet(false, true)) {
			return;
		}
		// the logging system may already be stopped by its own shutdown hook
		System.err.println(Instant.now() + " ERROR " + getClass().getName() + " : Stopped (exit code " + TERMINATED
				+ "): the process was asked to stop (SIGTERM) during " + commandLine() + "; " + whatTerminationLeaves()
				+ ". Next: run " + commandLine() + " again.");
		System.err.flush();
		this.processExit.halt(TERMINATED);
	}

	private static void removeTerminationHook(Thread termination) {
		try {
			Runtime.getRuntime().removeShutdownHook(termination);
		}
		catch (IllegalStateException ex) {
			// the JVM is already shutting down
		}
	}

	/**
	 * The arguments that start this command, for the last line.
	 * @return the arguments, such as {@code --migrate-only}
	 */
	protected String commandLine() {
		return "--" + commandName();
	}

	/**
	 * What a stop by SIGTERM leaves behind, for the last line.
	 * @return the description
	 */
	protected String whatTerminationLeaves() {
		return "it changed nothing";
	}

	// a pool whose database stopped answering may wait for its connection timeout, and
	// more, before it closes; the outcome must not wait for it
	private void endUnlessClosed(Completion completion, CountDownLatch closed, AtomicBoolean ended,
			RunReportFile reportFile, Instant startedAt) {
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
		logger.warn("The application context did not close within " + Durations.format(completion.closeTimeout())
				+ "; ending the process without waiting for it");
		if (reportFile != null) {
			writeReport(reportFile, completion, startedAt);
		}
		completion.report().run();
		this.processExit.halt(completion.exitCode().code());
	}

	private void writeReport(RunReportFile reportFile, Completion completion, Instant startedAt) {
		try {
			reportFile.write(commandName(), completion.exitCode(), completion.summary(), startedAt, Instant.now(),
					completion.targets());
		}
		catch (IOException | RuntimeException ex) {
			logger.error("Could not write the run report to " + reportFile.path() + ": " + ex.getMessage());
		}
	}

	/**
	 * The name of the command in the run report, as given on the command line.
	 * @return the name, such as {@code migrate-only}
	 */
	protected abstract String commandName();

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
		return describe(failure, "");
	}

	/**
	 * Joins a failure's message, a remark and its next step into the one line an operator
	 * reads last.
	 * @param failure the failure
	 * @param remark added right after the message, such as what stays applied
	 * @return the line
	 */
	protected static String describe(MigrationException failure, String remark) {
		String message = failure.getMessage().strip();
		while (message.endsWith(".")) {
			message = message.substring(0, message.length() - 1);
		}
		return Redaction.text(message + remark + ". Next: " + failure.getNextStep() + ".");
	}

	/**
	 * How a run-and-exit process ends.
	 *
	 * @param exitCode the exit code
	 * @param report logs the outcome once the context is closed
	 * @param summary the last line that {@code report} logs, for the run report
	 * @param targets what each migrated bean did
	 * @param closeTimeout how long closing the context may take before the process ends
	 * without waiting for it
	 */
	public record Completion(MigrationExitCode exitCode, Runnable report, String summary, List<MigrationReport> targets,
			Duration closeTimeout) {

		/**
		 * How long closing the context may take unless a command knows better.
		 */
		public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(30);

		/**
		 * How long closing the context may take after the database stopped answering: its
		 * pool may wait for connections that will never open, and nothing is left to
		 * write to the database.
		 */
		public static final Duration UNAVAILABLE_DATABASE_CLOSE_TIMEOUT = Duration.ofSeconds(5);

		public Completion {
			targets = List.copyOf(targets);
		}

		public Completion(MigrationExitCode exitCode, Runnable report, String summary, List<MigrationReport> targets) {
			this(exitCode, report, summary, targets, (exitCode == MigrationExitCode.DATABASE_UNAVAILABLE)
					? UNAVAILABLE_DATABASE_CLOSE_TIMEOUT : DEFAULT_CLOSE_TIMEOUT);
		}

		public Completion(MigrationExitCode exitCode, Runnable report) {
			this(exitCode, report, null, List.of());
		}

		/**
		 * A completion whose last line is logged at the level its exit code calls for:
		 * info on success, warn when changes are pending, error otherwise.
		 * @param exitCode the exit code
		 * @param logger the logger of the command
		 * @param summary the last line
		 * @param targets what each migrated bean did
		 * @return the completion
		 */
		public static Completion of(MigrationExitCode exitCode, Log logger, String summary,
				List<MigrationReport> targets) {
			Runnable report = switch (exitCode) {
				case SUCCESS -> () -> logger.info(summary);
				case CHANGES_PENDING -> () -> logger.warn(summary);
				default -> () -> logger.error(summary);
			};
			return new Completion(exitCode, report, summary, targets);
		}

		/**
		 * A completion without migrated beans whose last line is logged at the level its
		 * exit code calls for.
		 * @param exitCode the exit code
		 * @param logger the logger of the command
		 * @param summary the last line
		 * @return the completion
		 */
		public static Completion of(MigrationExitCode exitCode, Log logger, String summary) {
			return of(exitCode, logger, summary, List.of());
		}

		/**
		 * This completion with another close timeout.
		 * @param timeout how long closing the context may take
		 * @return the completion
		 */
		public Completion withCloseTimeout(Duration timeout) {
			return new Completion(this.exitCode, this.report, this.summary, this.targets, timeout);
		}

	}

}
