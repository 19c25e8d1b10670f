package dev.migrationstarter.lock;

import javax.sql.DataSource;

/**
 * Lets one migrator at a time run against a database.
 *
 * @author migration-starter
 */
@FunctionalInterface
public interface MigrationLock {

	/**
	 * Wait for the lock on the given database and hold it until the returned handle is
	 * closed.
	 * @param dataSource the database to migrate
	 * @return the held lock
	 * @throws LockNotAcquiredException if another migrator kept the lock past the wait
	 * timeout
	 */
	HeldMigrationLock acquire(DataSource dataSource);

}
