package dev.migrationstarter.lock;

import java.time.Duration;
import java.util.Optional;

import javax.sql.DataSource;

import dev.migrationstarter.core.MigrationSession;

/**
 * A migration lock that this process holds until it is closed.
 *
 * @author migration-starter
 */
public interface HeldMigrationLock extends AutoCloseable {

	/**
	 * How long this process waited for another migrator before it got the lock.
	 * @return the wait time, zero when the lock was free at the first try
	 */
	Duration waited();

	/**
	 * The data source the migration must run on while the lock is held. For a session
	 * lock it hands out the one connection that holds the lock, so the changes and the
	 * lock end together; for a lease it is the data source the lock was taken for.
	 * @return the data source to migrate through
	 */
	DataSource dataSource();

	/**
	 * The database session that holds the lock, when the lock is a session lock.
	 * @return the session, or empty for a lease
	 */
	Optional<MigrationSession> session();

	/**
	 * Check, before work that needs the lock, that this process still holds it. A session
	 * lock is held as long as its session lives, so there is nothing to check; a lease is
	 * renewed for a whole lease from now, or found lost.
	 * @throws LockLostException if the lock is no longer this process's
	 */
	default void verifyHeld() {
	}

	/**
	 * Release the lock.
	 */
	@Override
	void close();

}
