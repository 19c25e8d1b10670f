package dev.migrationstarter.command;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import dev.migrationstarter.core.Durations;
import dev.migrationstarter.core.MigrationEngine;
import dev.migrationstarter.core.MigrationException;
import dev.migrationstarter.core.MigrationExitCode;
import dev.migrationstarter.core.MigrationStatus;
import dev.migrationstarter.core.MigrationTarget;
import dev.migrationstarter.core.MigrationTargetFactory;
import dev.migrationstarter.core.MigrationTargets;
import dev.migrationstarter.core.StatusUnavailableException;
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

	private final MigrationTargets targets;

	private final Duration timeout;

	private final Duration pollInterval;

	/**
	 * Create the command.
	 * @param context the application context
	 * @param targets finds the targets to wait for
	 * @param processExit how to end the process
	 * @param timeout how long to wait
	 * @param pollInterval how long between two reads
	 */
	public AwaitSchemaCommand(ConfigurableApplicationContext context, MigrationTargets targets, ProcessExit processExit,
			Duration timeout, Duration pollInterval) {
		super(context, processExit);
		this.targets = targets;
		this.timeout = timeout;
		this.pollInterval = pollInterval;
	}

	@Override
	protected String commandName() {
		return "await-schema";
	}

	@Override
	protected Completion run(ConfigurableApplicationContext context) {
		List<MigrationTarget> readers = this.targets.targets(MigrationTargetFactory.Use.CHECK);
		Set<MigrationEngine> engines = readers.stream()
			.map(MigrationTarget::engine)
			.collect(Collectors.toCollection(LinkedHashSet::new));
		long started = System.nanoTime();
		long deadline = started + this.timeout.toNanos();
		logger.info("Waiting up to " + Durations.format(this.timeout) + " for the schema to hold every "
				+ ChangeNouns.singular(engines) + " of " + readers.size() + " "
				+ (engines.equals(Set.of(MigrationEngine.LIQUIBASE)) ? "changelog(s)" : "target(s)"));
		String lastState = null;
		while (true) {
			Poll poll = pollWithin(readers,
					Duration.ofNanos(Math.max(deadline - System.nanoTime(), MINIMUM_POLL_TIME)));
			if (poll.changelogFailure() != null) {
				return failed(poll.failed().classify(poll.changelogFailure(), null));
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
				return timedOut(poll, engines);
			}
			try {
				TimeUnit.NANOSECONDS.sleep(Math.min(remaining, this.pollInterval.toNanos()));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return timedOut(poll, engines);
			}
		}
	}

	// a database that stops answering can hold a read for as long as the pool's
	// connection
	// timeout and the driver's socket timeout allow: the poll runs aside and is given up
	// at the deadline
	private Poll pollWithin(List<MigrationTarget> readers, Duration timeout) {
		ExecutorService executor = Executors.newSingleThreadExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "await-schema-poll");
			thread.setDaemon(true);
			return thread;
		});
		try {
			return executor.submit(() -> poll(readers, timeout)).get(timeout.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			String targets = readers.stream()
				.map(MigrationTarget::statusDatabase)
				.distinct()
				.collect(Collectors.joining(", "));
			return new Poll(
					0, null, readers.get(0), new StatusUnavailableException("No answer from " + targets + " within "
							+ timeout.toMillis() + " ms, at the end of migration.await.timeout", null),
					null, true, engines(readers));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return new Poll(0, null, readers.get(0),
					new StatusUnavailableException("Interrupted while reading the database", ex), null);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException(ex.getCause());
		}
		finally {
			executor.shutdownNow();
		}
	}

	private Poll poll(List<MigrationTarget> readers, Duration timeout) {
		int pending = 0;
		String firstPending = null;
		MigrationTarget failed = null;
		StatusUnavailableException databaseFailure = null;
		for (MigrationTarget target : readers) {
			try {
				MigrationStatus status = target.readStatus(timeout, true);
				pending += status.pending().size();
				if (firstPending == null && !status.pending().isEmpty()) {
					firstPending = status.pending().get(0).toString();
				}
			}
			catch (StatusUnavailableException ex) {
				if (ex.isChangelogProblem()) {
					return new Poll(0, null, target, null, ex);
				}
				failed = target;
				databaseFailure = ex;
			}
		}
		return new Poll(pending, firstPending, failed, databaseFailure, null, false, engines(readers));
	}

	private Completion timedOut(Poll poll, Set<MigrationEngine> engines) {
		if (poll.databaseFailure() != null) {
			Completion failed = failed(poll.failed().classify(poll.databaseFailure(), null));
			return poll.unanswered() ? failed.withCloseTimeout(UNANSWERED_CLOSE_TIMEOUT) : failed;
		}
		int pending = poll.pending();
		String line = "Schema still behind after " + Durations.format(this.timeout) + " (exit code 2): "
				+ ChangeNouns.count(pending, engines) + " pending, first " + poll.firstPending()
				+ ". Next: check that the migration job ran and succeeded, or raise migration.await.timeout.";
		return new Completion(MigrationExitCode.CHANGES_PENDING, () -> logger.error(line), line, List.of());
	}

	private static Completion failed(MigrationException failure) {
		return Completion.of(failure.getExitCode(), logger,
				"Schema not awaited (exit code " + failure.getExitCode().code() + "): " + describe(failure));
	}

	private static Set<MigrationEngine> engines(List<MigrationTarget> targets) {
		return targets.stream().map(MigrationTarget::engine).collect(Collectors.toCollection(LinkedHashSet::new));
	}

	private record Poll(int pending, String firstPending, MigrationTarget failed,
			StatusUnavailableException databaseFailure, StatusUnavailableException changelogFailure, boolean unanswered,
			Set<MigrationEngine> engines) {

		Poll(int pending, String firstPending, MigrationTarget failed, StatusUnavailableException databaseFailure,
				StatusUnavailableException changelogFailure) {
			this(pending, firstPending, failed, databaseFailure, changelogFailure, false,
					(failed != null) ? Set.of(failed.engine()) : Set.of());
		}

		String describe() {
			if (this.databaseFailure != null) {
				return "the database cannot be read yet (" + this.databaseFailure.getMessage() + ")";
			}
			return ChangeNouns.count(this.pending, this.engines) + " pending, first " + this.firstPending;
		}

	}

}
