package dev.migrationstarter.lock;

import java.util.Optional;
import java.util.function.BooleanSupplier;

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
	 * closed. While another migrator holds it, {@code stillNeeded} is asked at each poll,
	 * so a migrator whose work the holder has done can stop waiting; whether a lock got
	 * after a wait is still needed is the caller's to ask
	 * ({@link HeldMigrationLock#waited()}).
	 * @param dataSource the database to migrate
	 * @param stillNeeded whether the lock is still needed, asked while waiting
	 * @return the held lock, or empty when {@code stillNeeded} said no while waiting
	 * @throws LockNotAcquiredException if another migrator kept the lock past the wait
	 * timeout
	 */
	Optional<HeldMigrationLock> acquire(DataSource dataSource, BooleanSupplier stillNeeded);

	/**
	 * Wait for the lock on the given database and hold it until the returned handle is
	 * closed.
	 * @param dataSource the database to migrate
	 * @return the held lock
	 * @throws LockNotAcquiredException if another migrator kept the lock past the wait
	 * timeout
	 */
	default HeldMigrationLock acquire(DataSource dataSource) {
		return acquire(dataSource, () -> true).orElseThrow();
	}

}
