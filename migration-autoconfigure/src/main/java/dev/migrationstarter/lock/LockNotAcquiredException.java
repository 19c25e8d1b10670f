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
		this("Migration lock '" + lockName + "' is still held by " + holder + " after waiting "
				+ Durations.format(waited), holder);
	}

	private LockNotAcquiredException(String message, String holder) {
		super(message);
		this.holder = holder;
	}

	/**
	 * Liquibase's own changelog lock is still held by a holder that may be alive.
	 * @param waited how long this migrator waited
	 * @param holder the holder, as the lock row records it
	 * @return the exception
	 */
	public static LockNotAcquiredException changelogLock(Duration waited, String holder) {
		return new LockNotAcquiredException("Liquibase's DATABASECHANGELOGLOCK is still held by " + holder
				+ " after waiting " + Durations.format(waited) + "; it is never broken while its holder may be alive",
				holder);
	}

	/**
	 * Describe who held the lock when waiting gave up.
	 * @return the holder, as the lock table records it
	 */
	public String getHolder() {
		return this.holder;
	}

}
