package dev.migrationstarter.flyway;

import java.util.List;

import javax.sql.DataSource;

import dev.migrationstarter.core.MigrationEngine;
import dev.migrationstarter.core.MigrationRun;
import dev.migrationstarter.guard.locks.LockRetries;
import dev.migrationstarter.guard.locks.LockRetryListener;
import dev.migrationstarter.guard.locks.LockTimeoutSettings;
import dev.migrationstarter.jdbc.DatabaseDialect;

/**
 * Bounds how long each Flyway migration of {@code --migrate-only} may wait for a table
 * lock, and runs Flyway's migrate again when a migration gave up waiting and Flyway
 * rolled it back; the Flyway half of the zero-downtime guard's lock timeouts.
 *
 * <p>
 * PostgreSQL, MariaDB and MySQL only; on other databases Flyway migrates unguarded.
 *
 * @author migration-starter
 */
public class FlywayLockTimeoutGuard {

	private final LockTimeoutSettings settings;

	private final List<LockRetryListener> listeners;

	/**
	 * Create a guard.
	 * @param settings the timeouts and the retry budget
	 * @param listeners told about every retry
	 */
	public FlywayLockTimeoutGuard(LockTimeoutSettings settings, List<LockRetryListener> listeners) {
		this.settings = settings;
		this.listeners = List.copyOf(listeners);
	}

	/**
	 * Begin guarding the migration of one bean, while the migration lock is held.
	 * @param beanName the {@code Flyway} bean
	 * @param ownDataSource the bean's own data source, for short connections beside the
	 * migration session
	 * @param run the run under the held migration lock
	 * @return the guarded migration, or {@code null} where the database has no lock
	 * timeouts or none is set
	 */
	FlywayLockRetries begin(String beanName, DataSource ownDataSource, MigrationRun run) {
		LockRetries retries = LockRetries.begin(MigrationEngine.FLYWAY, beanName, this.settings, ownDataSource,
				run.dataSource(), this.listeners, FlywayLockTimeoutGuard::noRetryReason);
		return (retries != null) ? new FlywayLockRetries(retries) : null;
	}

	private static String noRetryReason(DatabaseDialect dialect) {
		return FlywayLockRetries.rollsBack(dialect) ? null
				: "MariaDB and MySQL commit each DDL statement, so Flyway records the migration as failed";
	}

}
