package dev.migrationstarter.liquibase.locks;

import java.util.List;

import javax.sql.DataSource;

import dev.migrationstarter.core.MigrationEngine;
import dev.migrationstarter.core.MigrationRun;
import dev.migrationstarter.guard.locks.LockRetries;
import dev.migrationstarter.guard.locks.LockRetryListener;
import dev.migrationstarter.guard.locks.LockTimeoutSettings;

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
		LockRetries retries = LockRetries.begin(MigrationEngine.LIQUIBASE, beanName, this.settings, ownDataSource,
				run.dataSource(), this.listeners, (dialect) -> null);
		return (retries != null) ? new LockTimeoutUpdate(retries) : null;
	}

}
