package dev.migrationstarter.liquibase.locks;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import javax.sql.DataSource;

import dev.migrationstarter.core.Durations;
import dev.migrationstarter.core.MigrationEngine;
import dev.migrationstarter.core.MigrationFailures;
import dev.migrationstarter.core.MigrationRun;
import dev.migrationstarter.guard.locks.Backoff;
import dev.migrationstarter.guard.locks.BlockingSessions;
import dev.migrationstarter.guard.locks.LockRetryListener;
import dev.migrationstarter.guard.locks.LockTimeoutSettings;
import dev.migrationstarter.guard.locks.SessionTimeouts;
import dev.migrationstarter.jdbc.DatabaseDialect;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Sets a lock timeout (and optionally a statement timeout) on the migration session
 * before each changeset, so that a changeset that waits for a table lock held by a long
 * transaction gives up before the application's queries queue behind it for long, and
 * retries it where nothing of it was applied.
 *
 * <p>
 * PostgreSQL, MariaDB and MySQL only; on other databases the update runs unguarded.
 *
 * @author migration-starter
 */
public class LockTimeoutGuard implements ChangeSetLockGuard {

	private static final Log logger = LogFactory.getLog(LockTimeoutGuard.class);

	private final LockTimeoutSettings settings;

	private final List<LockRetryListener> listeners;

	/**
	 * Create a guard.
	 * @param settings the timeouts and the retry budget
	 * @param listeners told about every retry
	 */
	public LockTimeoutGuard(LockTimeoutSettings settings, List<LockRetryListener> listeners) {
		this.settings = settings;
		this.listeners = List.copyOf(listeners);
	}

	@Override
	public GuardedUpdate begin(String beanName, DataSource ownDataSource, MigrationRun run) {
		if (!this.settings.lockTimeoutEnabled() && !this.settings.statementTimeoutEnabled()) {
			return null;
		}
		try (Connection connection = run.dataSource().getConnection()) {
			DatabaseDialect dialect = DatabaseDialect.of(connection);
			if (dialect != DatabaseDialect.POSTGRESQL && dialect != DatabaseDialect.MARIADB) {
				return null;
			}
			boolean mySql = DatabaseDialect.isMySql(connection);
			if (mySql && this.settings.statementTimeoutEnabled()) {
				logger.warn("migration.guard.statement-timeout is not set on MySQL, whose max_execution_time"
						+ " bounds SELECT statements only");
			}
			String sessionId = BlockingSessions.of(dialect).sessionId(connection);
			if (this.settings.lockTimeoutEnabled()) {
				logger.info("Each changeset waits at most " + Durations.format(this.settings.lockTimeout())
						+ " for a lock (migration.guard.lock-timeout) and is retried for up to "
						+ Durations.format(this.settings.retryBudget()) + " (migration.guard.lock-retry-budget)");
			}
			return new LockTimeoutUpdate(beanName, dialect, this.settings, ownDataSource, run.dataSource(), sessionId,
					SessionTimeouts.statements(dialect, !mySql, this.settings),
					new Backoff(() -> ThreadLocalRandom.current().nextDouble()), new Listeners(this.listeners));
		}
		catch (SQLException ex) {
			throw MigrationFailures.databaseUnavailable(ownDataSource, ex);
		}
	}

	/**
	 * Tells every listener, and goes on when one fails.
	 */
	private record Listeners(List<LockRetryListener> all) implements LockRetryListener {

		@Override
		public void retried(String beanName, String changeSet) {
			retried(MigrationEngine.LIQUIBASE, beanName, changeSet);
		}

		@Override
		public void waited(String beanName, String changeSet, Duration waited) {
			waited(MigrationEngine.LIQUIBASE, beanName, changeSet, waited);
		}

		@Override
		public void retried(MigrationEngine engine, String name, String change) {
			for (LockRetryListener listener : this.all) {
				try {
					listener.retried(engine, name, change);
				}
				catch (RuntimeException ex) {
					logger.warn("Lock retry listener " + listener + " failed: " + ex.getMessage());
				}
			}
		}

		@Override
		public void waited(MigrationEngine engine, String name, String change, Duration waited) {
			for (LockRetryListener listener : this.all) {
				try {
					listener.waited(engine, name, change, waited);
				}
				catch (RuntimeException ex) {
					logger.warn("Lock retry listener " + listener + " failed: " + ex.getMessage());
				}
			}
		}

	}

}
