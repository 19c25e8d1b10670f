package dev.migrationstarter.liquibase.locks;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import dev.migrationstarter.core.Durations;
import dev.migrationstarter.core.MigrationEngine;
import dev.migrationstarter.core.MigrationException;
import dev.migrationstarter.core.MigrationExitCode;
import dev.migrationstarter.guard.locks.Backoff;
import dev.migrationstarter.guard.locks.BlockerSampler;
import dev.migrationstarter.guard.locks.BlockingSession;
import dev.migrationstarter.guard.locks.BlockingSessions;
import dev.migrationstarter.guard.locks.LockRetryListener;
import dev.migrationstarter.guard.locks.LockTimeoutFailure;
import dev.migrationstarter.guard.locks.LockTimeoutSettings;
import dev.migrationstarter.guard.locks.WriteCountingDataSource;
import dev.migrationstarter.jdbc.DatabaseDialect;
import dev.migrationstarter.liquibase.locks.ChangeSetAttempts.Failed;
import dev.migrationstarter.liquibase.locks.ChangeSetLockGuard.Attempt;
import dev.migrationstarter.liquibase.locks.ChangeSetLockGuard.GuardedUpdate;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.visitor.ChangeExecListener;
import liquibase.database.Database;
import liquibase.exception.LiquibaseException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The update of one bean under lock timeouts: runs Liquibase's update again, under the
 * same migration lock, after a changeset hit the lock timeout with nothing of it applied,
 * pausing with {@link Backoff} until the changeset's retry budget is spent.
 *
 * <p>
 * Running the whole update again is what makes the retry clean: the changesets before the
 * one that timed out are recorded and skipped, the one that timed out is not recorded and
 * runs from its start, and Liquibase's own bookkeeping (its changelog lock, the checks of
 * the changelog) is done afresh.
 *
 * @author migration-starter
 */
final class LockTimeoutUpdate implements GuardedUpdate {

	private static final Log logger = LogFactory.getLog(LockTimeoutUpdate.class);

	private final String beanName;

	private final DatabaseDialect dialect;

	private final LockTimeoutSettings settings;

	private final DataSource ownDataSource;

	private final BlockingSessions sessions;

	private final String sessionId;

	private final WriteCountingDataSource session;

	private final BlockerSampler sampler;

	private final ChangeSetAttempts attempts;

	private final Backoff backoff;

	private final LockRetryListener listener;

	private volatile Retrying retrying;

	private boolean warned;

	LockTimeoutUpdate(String beanName, DatabaseDialect dialect, LockTimeoutSettings settings, DataSource ownDataSource,
			DataSource session, String sessionId, List<String> timeoutStatements, Backoff backoff,
			LockRetryListener listener) {
		this.beanName = beanName;
		this.dialect = dialect;
		this.settings = settings;
		this.ownDataSource = ownDataSource;
		this.sessions = BlockingSessions.of(dialect);
		this.sessionId = sessionId;
		this.session = new WriteCountingDataSource(session);
		this.sampler = new BlockerSampler(ownDataSource, this.sessions, sessionId, settings.lockTimeout());
		this.attempts = new ChangeSetAttempts(timeoutStatements, this.session, this.sampler, this::applied);
		this.backoff = backoff;
		this.listener = listener;
	}

	@Override
	public DataSource dataSource() {
		return this.session;
	}

	@Override
	public ChangeExecListener listener() {
		return this.attempts;
	}

	@Override
	public void beforeChangeSets(Database database, List<ChangeSet> pending) {
		if (this.warned || pending.isEmpty() || !this.settings.lockTimeoutEnabled()) {
			return;
		}
		this.warned = true;
		List<String> tables = AlteredTables.of(pending, database);
		try (Connection connection = this.ownDataSource.getConnection()) {
			for (BlockingSession old : this.sessions.openTransactions(connection, this.sessionId,
					this.settings.lockTimeout(), tables)) {
				logger.warn("A transaction older than migration.guard.lock-timeout ("
						+ Durations.format(this.settings.lockTimeout()) + ") is open"
						+ ((tables != null) ? " holding a lock on a table the pending changesets alter" : "") + ": "
						+ old.describe(this.sessions.idName())
						+ "; a changeset that needs its lock waits for it and is retried for up to "
						+ Durations.format(this.settings.retryBudget())
						+ " (migration.guard.lock-retry-budget); end it, or let it finish, if it stays open");
			}
		}
		catch (SQLException | RuntimeException ex) {
			logger.debug("Could not read the open transactions before migrating", ex);
		}
	}

	@Override
	public void run(Attempt update) throws LiquibaseException {
		while (true) {
			try {
				update.run();
				return;
			}
			catch (LiquibaseException | RuntimeException ex) {
				Failed failed = this.attempts.failed();
				this.attempts.forgetFailure();
				if (failed == null || !this.settings.lockTimeoutEnabled() || LockTimeoutFailure.find(ex) == null) {
					throw ex;
				}
				pauseBeforeRetry(failed, ex);
			}
		}
	}

	private void pauseBeforeRetry(Failed failed, Exception failure) {
		String changeSet = failed.started().changeSet();
		String blockedBy = blockedBy();
		if (!failed.appliedNothing(this.dialect == DatabaseDialect.POSTGRESQL)) {
			throw notRetried(changeSet, blockedBy, failure);
		}
		Retrying current = this.retrying;
		if (current == null || !current.changeSet().equals(changeSet)) {
			current = new Retrying(changeSet, failed.started().at(), 0);
		}
		current = new Retrying(changeSet, current.firstStartedAt(), current.timeouts() + 1);
		this.retrying = current;
		Duration spent = Duration.ofNanos(System.nanoTime() - current.firstStartedAt());
		Duration delay = this.backoff.delay(current.timeouts());
		if (spent.plus(delay).compareTo(this.settings.retryBudget()) > 0) {
			this.retrying = null;
			this.listener.waited(MigrationEngine.LIQUIBASE, this.beanName, changeSet, spent);
			throw budgetSpent(current, spent, blockedBy, failure);
		}
		logger.warn("Changeset " + changeSet + " hit the lock timeout (" + Durations.format(this.settings.lockTimeout())
				+ ", attempt " + current.timeouts() + "); blocked by " + blockedBy
				+ "; nothing of it was applied, so it runs again in " + Durations.format(delay) + " ("
				+ Durations.format(this.settings.retryBudget().minus(spent)) + " of migration.guard.lock-retry-budget="
				+ Durations.format(this.settings.retryBudget()) + " left)");
		this.listener.retried(MigrationEngine.LIQUIBASE, this.beanName, changeSet);
		pause(delay, failure);
	}

	private String blockedBy() {
		List<BlockingSession> blockers = this.sampler.lastBlockers();
		if (blockers.isEmpty()) {
			return "a session not seen (its lock was gone, or not readable, before the wait ended)";
		}
		return blockers.stream()
			.map((blocker) -> blocker.describe(this.sessions.idName()))
			.collect(Collectors.joining("; and by "));
	}

	private MigrationException budgetSpent(Retrying retrying, Duration spent, String blockedBy, Exception failure) {
		return new MigrationException(MigrationExitCode.MIGRATION_FAILED,
				"Changeset " + retrying.changeSet() + " hit the lock timeout ("
						+ Durations.format(this.settings.lockTimeout()) + ") " + retrying.timeouts()
						+ ((retrying.timeouts() == 1) ? " time" : " times") + " in " + Durations.format(spent)
						+ ", and migration.guard.lock-retry-budget=" + Durations.format(this.settings.retryBudget())
						+ " allows no further attempt; blocked by " + blockedBy + "; nothing of it was applied",
				"end the blocking transaction named above or let it finish, then run --migrate-only again"
						+ " (changesets before it stay applied), or raise migration.guard.lock-retry-budget",
				failure);
	}

	private MigrationException notRetried(String changeSet, String blockedBy, Exception failure) {
		String why = (this.dialect == DatabaseDialect.MARIADB) ? "MariaDB and MySQL commit each DDL statement"
				: "it runs outside a transaction (runInTransaction=false)";
		return new MigrationException(MigrationExitCode.MIGRATION_FAILED,
				"Changeset " + changeSet + " hit the lock timeout (" + Durations.format(this.settings.lockTimeout())
						+ ") after some of its statements were applied, so it is not run again (" + why
						+ "); blocked by " + blockedBy,
				"check which of its statements were applied, complete or undo them by hand, then run --migrate-only again;"
						+ " a changeset whose first statement takes the contended lock is retried safely",
				failure);
	}

	private void applied(String changeSet, long attemptStartedAt) {
		Retrying current = this.retrying;
		if (current != null && current.changeSet().equals(changeSet)) {
			this.retrying = null;
			this.listener.waited(MigrationEngine.LIQUIBASE, this.beanName, changeSet,
					Duration.ofNanos(attemptStartedAt - current.firstStartedAt()));
		}
	}

	private static void pause(Duration delay, Exception failure) {
		try {
			Thread.sleep(delay.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting to retry after a lock timeout", failure);
		}
	}

	@Override
	public void close() {
		this.sampler.close();
	}

	/**
	 * A changeset that hit the lock timeout and is being retried.
	 *
	 * @param changeSet the changeset
	 * @param firstStartedAt when its first attempt began, in {@link System#nanoTime()}
	 * @param timeouts how many of its attempts hit the lock timeout
	 */
	private record Retrying(String changeSet, long firstStartedAt, int timeouts) {
	}

}
