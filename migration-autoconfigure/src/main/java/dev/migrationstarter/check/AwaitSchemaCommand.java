package dev.migrationstarter.check;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import dev.migrationstarter.core.Durations;
import dev.migrationstarter.core.MigrationException;
import dev.migrationstarter.core.MigrationExitCode;
import dev.migrationstarter.core.MigrationStatus;
import dev.migrationstarter.core.StatusUnavailableException;
import dev.migrationstarter.runner.MigrationFailures;
import dev.migrationstarter.runner.ProcessExit;
import dev.migrationstarter.runner.RunAndExitCommand;
import dev.migrationstarter.status.ChangelogStatusReader;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * The {@code --await-schema} process: polls the database until it holds every changeset
 * of the changelog (or more), then exits 0. It exits 2 when changesets are still pending
 * at the timeout, 5 when the database could not be read until then, and 4 at once when
 * the changelog cannot be parsed. It only reads, so it fits an init container that waits
 * for the migration job.
 *
 * @author migration-starter
 */
public class AwaitSchemaCommand extends RunAndExitCommand {

	private static final Log logger = LogFactory.getLog(AwaitSchemaCommand.class);

	private static final Duration UNANSWERED_CLOSE_TIMEOUT = Duration.ofSeconds(2);

	private static final long MINIMUM_POLL_TIME = Duration.ofSeconds(1).toNanos();

	private final SchemaStatusSource source;

	private final Duration timeout;

	private final Duration pollInterval;

	/**
	 * Create the command.
	 * @param context the application context
	 * @param migratable which {@code SpringLiquibase} bean names to wait for
	 * @param processExit how to end the process
	 * @param timeout how long to wait
	 * @param pollInterval how long between two reads
	 */
	public AwaitSchemaCommand(ConfigurableApplicationContext context, Predicate<String> migratable,
			ProcessExit processExit, Duration timeout, Duration pollInterval) {
		super(context, processExit);
		this.source = new SchemaStatusSource(migratable);
		this.timeout = timeout;
		this.pollInterval = pollInterval;
	}

	@Override
	protected String commandName() {
		return "await-schema";
	}

	@Override
	protected Completion run(ConfigurableApplicationContext context) {
		Map<String, ChangelogStatusReader> readers = this.source.readers(context);
		long started = System.nanoTime();
		long deadline = started + this.timeout.toNanos();
		logger.info("Waiting up to " + Durations.format(this.timeout) + " for the schema to hold every changeset of "
				+ readers.keySet().size() + " changelog(s)");
		String lastState = null;
		while (true) {
			Poll poll = pollWithin(readers,
					Duration.ofNanos(Math.max(deadline - System.nanoTime(), MINIMUM_POLL_TIME)));
			if (poll.changelogFailure() != null) {
				return failed(MigrationFailures.statusUnavailable(poll.failedBean(), poll.changelogFailure()));
			}
			if (poll.databaseFailure() == null && poll.pending() == 0) {
				return Completion.of(MigrationExitCode.SUCCESS, logger, "Schema is up to date (exit code 0) after "
						+ Durations.format(Duration.ofNanos(System.nanoTime() - started)) + " of waiting");
			}
			String state = poll.describe();
			if (!state.equals(lastState)) {
				logger.info("Waiting for the schema: " + state);
				lastState = state;
			}
			long remaining = deadline - System.nanoTime();
			if (remaining <= 0) {
				return timedOut(poll);
			}
			try {
				TimeUnit.NANOSECONDS.sleep(Math.min(remaining, this.pollInterval.toNanos()));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return timedOut(poll);
			}
		}
	}

	// a database that stops answering can hold a read for as long as the pool's
	// connection
	// timeout and the driver's socket timeout allow: the poll runs aside and is given up
	// at the deadline
	private Poll pollWithin(Map<String, ChangelogStatusReader> readers, Duration timeout) {
		ExecutorService executor = Executors.newSingleThreadExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "await-schema-poll");
			thread.setDaemon(true);
			return thread;
		});
		try {
			return executor.submit(() -> poll(readers, timeout)).get(timeout.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			String targets = readers.values()
				.stream()
				.map(ChangelogStatusReader::target)
				.distinct()
				.collect(Collectors.joining(", "));
			String bean = readers.keySet().iterator().next();
			return new Poll(0, null, bean, new StatusUnavailableException("No answer from " + targets + " within "
					+ timeout.toMillis() + " ms, at the end of migration.await.timeout", null), null, true);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return new Poll(0, null, readers.keySet().iterator().next(),
					new StatusUnavailableException("Interrupted while reading the database", ex), null);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException(ex.getCause());
		}
		finally {
			executor.shutdownNow();
		}
	}

	private Poll poll(Map<String, ChangelogStatusReader> readers, Duration timeout) {
		int pending = 0;
		String firstPending = null;
		String failedBean = null;
		StatusUnavailableException databaseFailure = null;
		for (Map.Entry<String, ChangelogStatusReader> entry : readers.entrySet()) {
			try {
				MigrationStatus status = entry.getValue().readAndValidate(timeout);
				pending += status.pending().size();
				if (firstPending == null && !status.pending().isEmpty()) {
					firstPending = status.pending().get(0).toString();
				}
			}
			catch (StatusUnavailableException ex) {
				if (ex.isChangelogProblem()) {
					return new Poll(0, null, entry.getKey(), null, ex);
				}
				failedBean = entry.getKey();
				databaseFailure = ex;
			}
		}
		return new Poll(pending, firstPending, failedBean, databaseFailure, null);
	}

	private Completion timedOut(Poll poll) {
		if (poll.databaseFailure() != null) {
			Completion failed = failed(MigrationFailures.statusUnavailable(poll.failedBean(), poll.databaseFailure()));
			return poll.unanswered() ? failed.withCloseTimeout(UNANSWERED_CLOSE_TIMEOUT) : failed;
		}
		int pending = poll.pending();
		String line = "Schema still behind after " + Durations.format(this.timeout) + " (exit code 2): " + pending
				+ ((pending == 1) ? " changeset" : " changesets") + " pending, first " + poll.firstPending()
				+ ". Next: check that the migration job ran and succeeded, or raise migration.await.timeout.";
		return new Completion(MigrationExitCode.CHANGES_PENDING, () -> logger.error(line), line, List.of());
	}

	private static Completion failed(MigrationException failure) {
		return Completion.of(failure.getExitCode(), logger,
				"Schema not awaited (exit code " + failure.getExitCode().code() + "): " + describe(failure));
	}

	private record Poll(int pending, String firstPending, String failedBean, StatusUnavailableException databaseFailure,
			StatusUnavailableException changelogFailure, boolean unanswered) {

		Poll(int pending, String firstPending, String failedBean, StatusUnavailableException databaseFailure,
				StatusUnavailableException changelogFailure) {
			this(pending, firstPending, failedBean, databaseFailure, changelogFailure, false);
		}

		String describe() {
			if (this.databaseFailure != null) {
				return "the database cannot be read yet (" + this.databaseFailure.getMessage() + ")";
			}
			return this.pending + ((this.pending == 1) ? " changeset" : " changesets") + " pending, first "
					+ this.firstPending;
		}

	}

}
