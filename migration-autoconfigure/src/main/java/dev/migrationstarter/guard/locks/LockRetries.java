package dev.migrationstarter.guard.locks;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import dev.migrationstarter.core.Durations;
import dev.migrationstarter.core.MigrationEngine;
import dev.migrationstarter.core.MigrationException;
import dev.migrationstarter.core.MigrationExitCode;
import dev.migrationstarter.core.MigrationFailures;
import dev.migrationstarter.jdbc.DatabaseDialect;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The lock timeouts of one target's migration, whatever its engine: sets them on the
 * migration session before each change, reads the blockers while a change runs, and
 * decides, with {@link Backoff} and the retry budget, whether a change that hit the lock
 * timeout with nothing of it applied runs again.
 *
 * <p>
 * The engine tells it when each change starts, is applied or fails, runs its migration
 * again after {@link #pauseBeforeRetry}, and decides itself whether nothing of the failed
 * change stays applied.
 *
 * @author migration-starter
 */
public final class LockRetries implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(LockRetries.class);

	private final MigrationEngine engine;

	private final String beanName;

	private final DatabaseDialect dialect;

	private final LockTimeoutSettings settings;

	private final DataSource ownDataSource;

	private final BlockingSessions sessions;

	private final String sessionId;

	private final List<String> timeoutStatements;

	private final WriteCountingDataSource session;

	private final BlockerSampler sampler;

	private final Backoff backoff;

	private final LockRetryListener listener;

	private final String noRetryReason;

	private volatile Retrying retrying;

	private boolean warned;

	LockRetries(MigrationEngine engine, String beanName, DatabaseDialect dialect, LockTimeoutSettings settings,
			DataSource ownDataSource, DataSource session, String sessionId, List<String> timeoutStatements,
			Backoff backoff, LockRetryListener listener, String noRetryReason) {
		this.engine = engine;
		this.beanName = beanName;
		this.dialect = dialect;
		this.settings = settings;
		this.ownDataSource = ownDataSource;
		this.sessions = BlockingSessions.of(dialect);
		this.sessionId = sessionId;
		this.timeoutStatements = timeoutStatements;
		this.session = new WriteCountingDataSource(session);
		this.sampler = new BlockerSampler(ownDataSource, this.sessions, sessionId, settings.lockTimeout());
		this.backoff = backoff;
		this.listener = listener;
		this.noRetryReason = noRetryReason;
	}

	/**
	 * Begin guarding the migration of one target, while the migration lock is held.
	 * @param engine the target's engine
	 * @param beanName the engine bean, for logs and meters
	 * @param settings the timeouts and the retry budget
	 * @param ownDataSource the bean's own data source, for short connections beside the
	 * migration session
	 * @param session the data source of the migration session
	 * @param listeners told about every retry
	 * @param noRetryReason why a change that hits the lock timeout on a database is not
	 * run again, or {@code null} where it is retried
	 * @return the guard, or {@code null} when nothing is set or the database has no lock
	 * timeouts
	 */
	public static LockRetries begin(MigrationEngine engine, String beanName, LockTimeoutSettings settings,
			DataSource ownDataSource, DataSource session, List<LockRetryListener> listeners,
			Function<DatabaseDialect, String> noRetryReason) {
		if (!settings.lockTimeoutEnabled() && !settings.statementTimeoutEnabled()) {
			return null;
		}
		try (Connection connection = session.getConnection()) {
			DatabaseDialect dialect = DatabaseDialect.of(connection);
			if (dialect != DatabaseDialect.POSTGRESQL && dialect != DatabaseDialect.MARIADB) {
				return null;
			}
			boolean mySql = DatabaseDialect.isMySql(connection);
			if (mySql && settings.statementTimeoutEnabled()) {
				logger.warn("migration.guard.statement-timeout is not set on MySQL, whose max_execution_time"
						+ " bounds SELECT statements only");
			}
			String sessionId = BlockingSessions.of(dialect).sessionId(connection);
			String notRetried = noRetryReason.apply(dialect);
			if (settings.lockTimeoutEnabled()) {
				logger.info("Each " + engine.changeNoun() + " waits at most " + Durations.format(settings.lockTimeout())
						+ " for a lock (migration.guard.lock-timeout) and " + afterTimeout(notRetried, settings));
			}
			return new LockRetries(engine, beanName, dialect, settings, ownDataSource, session, sessionId,
					SessionTimeouts.statements(dialect, !mySql, settings),
					new Backoff(() -> ThreadLocalRandom.current().nextDouble()),
					new LockRetryListeners(engine, List.copyOf(listeners)), notRetried);
		}
		catch (SQLException ex) {
			throw MigrationFailures.databaseUnavailable(ownDataSource, ex);
		}
	}

	/**
	 * The data source the migration must run on: the migration session's, counting the
	 * statements that may have changed something.
	 * @return the data source
	 */
	public DataSource dataSource() {
		return this.session;
	}

	/**
	 * The database of the migration session.
	 * @return its dialect
	 */
	public DatabaseDialect dialect() {
		return this.dialect;
	}

	/**
	 * The timeouts and the retry budget.
	 * @return the settings
	 */
	public LockTimeoutSettings settings() {
		return this.settings;
	}

	/**
	 * Set the timeouts on the migration session.
	 * @param connection the migration session's connection
	 * @param commit whether to commit them, for an engine that rolls back before a change
	 * @throws SQLException if they cannot be set
	 */
	public void setTimeouts(Connection connection, boolean commit) throws SQLException {
		if (this.timeoutStatements.isEmpty()) {
			return;
		}
		try (Statement statement = connection.createStatement()) {
			for (String sql : this.timeoutStatements) {
				statement.execute(sql);
			}
			if (commit && !connection.getAutoCommit()) {
				connection.commit();
			}
		}
	}

	/**
	 * A change begins: count its writes and read its blockers from now on.
	 */
	public void changeStarting() {
		this.session.reset();
		this.sampler.start();
	}

	/**
	 * The change that began last ended, applied or failed.
	 * @return the statements of it that completed and may have changed something
	 */
	public int changeEnded() {
		this.sampler.stop();
		return this.session.writes();
	}

	private static String afterTimeout(String noRetryReason, LockTimeoutSettings settings) {
		if (noRetryReason != null) {
			return "one that hits it fails and is not run again (" + noRetryReason + ")";
		}
		return "is retried for up to " + Durations.format(settings.retryBudget())
				+ " (migration.guard.lock-retry-budget)";
	}

	/**
	 * Warn once, before the first change, about each transaction older than the lock
	 * timeout that would block it.
	 * @param tables the tables the pending changes alter, or {@code null} if not known
	 */
	public void warnAboutOldTransactions(List<String> tables) {
		if (this.warned || !this.settings.lockTimeoutEnabled()) {
			return;
		}
		this.warned = true;
		String noun = this.engine.changeNoun();
		try (Connection connection = this.ownDataSource.getConnection()) {
			for (BlockingSession old : this.sessions.openTransactions(connection, this.sessionId,
					this.settings.lockTimeout(), tables)) {
				logger.warn("A transaction older than migration.guard.lock-timeout ("
						+ Durations.format(this.settings.lockTimeout()) + ") is open"
						+ ((tables != null) ? " holding a lock on a table the pending " + noun + "s alter" : "") + ": "
						+ old.describe(this.sessions.idName()) + "; a " + noun
						+ " that needs its lock waits for it and " + afterTimeout(this.noRetryReason, this.settings)
						+ "; end it, or let it finish, if it stays open");
			}
		}
		catch (SQLException | RuntimeException ex) {
			logger.debug("Could not read the open transactions before migrating", ex);
		}
	}

	/**
	 * Log the retry of a change that hit the lock timeout with nothing of it applied and
	 * pause before it runs again; or, past the retry budget, give up.
	 * @param change the change, as its engine names it
	 * @param attemptStartedAt when the attempt that failed began, in
	 * {@link System#nanoTime()}
	 * @param failure the failure of the attempt
	 * @throws MigrationException when the budget allows no further attempt
	 */
	public void pauseBeforeRetry(String change, long attemptStartedAt, Exception failure) {
		String blockedBy = blockedBy();
		Retrying current = this.retrying;
		if (current == null || !current.change().equals(change)) {
			current = new Retrying(change, attemptStartedAt, 0);
		}
		current = new Retrying(change, current.firstStartedAt(), current.timeouts() + 1);
		this.retrying = current;
		Duration spent = Duration.ofNanos(System.nanoTime() - current.firstStartedAt());
		Duration delay = this.backoff.delay(current.timeouts());
		if (spent.plus(delay).compareTo(this.settings.retryBudget()) > 0) {
			this.retrying = null;
			this.listener.waited(this.engine, this.beanName, change, spent);
			throw budgetSpent(current, spent, blockedBy, failure);
		}
		logger.warn(capitalized(this.engine.changeNoun()) + " " + change + " hit the lock timeout ("
				+ Durations.format(this.settings.lockTimeout()) + ", attempt " + current.timeouts() + "); blocked by "
				+ blockedBy + "; nothing of it was applied, so it runs again in " + Durations.format(delay) + " ("
				+ Durations.format(this.settings.retryBudget().minus(spent)) + " of migration.guard.lock-retry-budget="
				+ Durations.format(this.settings.retryBudget()) + " left)");
		this.listener.retried(this.engine, this.beanName, change);
		pause(delay, failure);
	}

	/**
	 * A change was applied: when it had hit the lock timeout, record the time it lost.
	 * @param change the change
	 * @param attemptStartedAt when the attempt that applied it began, in
	 * {@link System#nanoTime()}
	 */
	public void applied(String change, long attemptStartedAt) {
		Retrying current = this.retrying;
		if (current != null && current.change().equals(change)) {
			this.retrying = null;
			this.listener.waited(this.engine, this.beanName, change,
					Duration.ofNanos(attemptStartedAt - current.firstStartedAt()));
		}
	}

	/**
	 * The sessions that blocked the change that ran last, as one text.
	 * @return the blockers
	 */
	public String blockedBy() {
		List<BlockingSession> blockers = this.sampler.lastBlockers();
		if (blockers.isEmpty()) {
			return "a session not seen (its lock was gone, or not readable, before the wait ended)";
		}
		return blockers.stream()
			.map((blocker) -> blocker.describe(this.sessions.idName()))
			.collect(Collectors.joining("; and by "));
	}

	private MigrationException budgetSpent(Retrying retrying, Duration spent, String blockedBy, Exception failure) {
		String noun = this.engine.changeNoun();
		return new MigrationException(MigrationExitCode.MIGRATION_FAILED,
				capitalized(noun) + " " + retrying.change() + " hit the lock timeout ("
						+ Durations.format(this.settings.lockTimeout()) + ") " + retrying.timeouts()
						+ ((retrying.timeouts() == 1) ? " time" : " times") + " in " + Durations.format(spent)
						+ ", and migration.guard.lock-retry-budget=" + Durations.format(this.settings.retryBudget())
						+ " allows no further attempt; blocked by " + blockedBy + "; nothing of it was applied",
				"end the blocking transaction named above or let it finish, then run --migrate-only again (" + noun
						+ "s before it stay applied), or raise migration.guard.lock-retry-budget",
				failure);
	}

	private static String capitalized(String noun) {
		return Character.toUpperCase(noun.charAt(0)) + noun.substring(1);
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
	 * A change that hit the lock timeout and is being retried.
	 *
	 * @param change the change
	 * @param firstStartedAt when its first attempt began, in {@link System#nanoTime()}
	 * @param timeouts how many of its attempts hit the lock timeout
	 */
	private record Retrying(String change, long firstStartedAt, int timeouts) {
	}

}
