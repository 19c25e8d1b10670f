package dev.migrationstarter.lock;

import java.time.Duration;

import dev.migrationstarter.core.Durations;

/**
 * Thrown when another migrator still holds the migration lock after the wait timeout.
 *
 * @author migration-starter
 */
public class LockNotAcquiredException extends RuntimeException {

	private final String holder;

	public LockNotAcquiredException(String lockName, Duration waited, String holder) {
		super("Migration lock '" + lockName + "' is still held by " + holder + " after waiting "
				+ Durations.format(waited));
		this.holder = holder;
	}

	/**
	 * Describe who held the lock when waiting gave up.
	 * @return the holder, as the lock table records it
	 */
	public String getHolder() {
		return this.holder;
	}

}
