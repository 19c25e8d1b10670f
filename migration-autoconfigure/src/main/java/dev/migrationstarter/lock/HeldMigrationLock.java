package dev.migrationstarter.lock;

import java.time.Duration;

/**
 * A migration lock that this process holds until it is closed.
 *
 * @author migration-starter
 */
public interface HeldMigrationLock extends AutoCloseable {

	/**
	 * How long this process waited before it got the lock.
	 * @return the wait time
	 */
	Duration waited();

	/**
	 * Release the lock.
	 */
	@Override
	void close();

}
