package dev.migrationstarter.lock;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import dev.migrationstarter.core.Durations;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The wait for a migration lock that another migrator holds, the same for every lock
 * kind: try, name the holder once, ask whether the lock is still needed, try again every
 * {@link LockSettings#pollInterval()} until {@link LockSettings#waitTimeout()}. A lock
 * that the database hands to a waiter the moment it is released (a session lock) is
 * waited for inside each try, so a waiter goes on at once. A lock got at the first try
 * was not waited for: its wait is zero.
 *
 * @author migration-starter
 */
final class LockWait {

	private static final Log logger = LogFactory.getLog(LockWait.class);

	private LockWait() {
	}

	/**
	 * Wait for the lock.
	 * @param <T> the held lock
	 * @param settings the lock settings
	 * @param handsOver whether the database hands the lock to a waiting try the moment it
	 * is released, so that tries wait instead of pausing between them
	 * @param attempt one try to take the lock
	 * @param holder names the holder, for the log and the timeout
	 * @param stillNeeded whether the lock is still needed
	 * @return the held lock, or empty when it was no longer needed
	 * @throws SQLException if an attempt fails
	 * @throws LockNotAcquiredException if the wait timeout passed
	 */
	static Optional<HeldMigrationLock> forLock(LockSettings settings, boolean handsOver, Attempt attempt,
			Supplier<String> holder, BooleanSupplier stillNeeded) throws SQLException {
		long started = System.nanoTime();
		long deadline = started + settings.waitTimeout().toNanos();
		boolean announced = false;
		while (true) {
			long attemptStarted = System.nanoTime();
			Duration mayWait = announced
					? Duration
						.ofNanos(Math.max(0, Math.min(settings.pollInterval().toNanos(), deadline - attemptStarted)))
					: Duration.ZERO;
			Duration waitedSoFar = announced ? Duration.ofNanos(attemptStarted - started) : Duration.ZERO;
			Optional<HeldMigrationLock> held = attempt.tryOnce(waitedSoFar, announced, mayWait);
			if (held.isPresent()) {
				return held;
			}
			Duration waited = Duration.ofNanos(System.nanoTime() - started);
			if (!announced) {
				logger
					.info("Migration lock '" + settings.lockName() + "' is held by " + holder.get() + "; waiting up to "
							+ Durations.format(settings.waitTimeout()) + " (migration.lock.wait-timeout)");
				announced = true;
			}
			if (!stillNeeded.getAsBoolean()) {
				logger.info("Stopped waiting for migration lock '" + settings.lockName() + "' after "
						+ Durations.format(waited) + ": the migrator that holds it has done this one's work");
				return Optional.empty();
			}
			Duration pause = handsOver ? Duration.ZERO : settings.pollInterval();
			if (System.nanoTime() + pause.toNanos() >= deadline) {
				throw new LockNotAcquiredException(settings.lockName(), waited, holder.get());
			}
			if (!pause.isZero()) {
				pause(pause);
			}
		}
	}

	static void pause(Duration interval) {
		try {
			Thread.sleep(interval.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for the migration lock", ex);
		}
	}

	/**
	 * One try to take the lock.
	 */
	@FunctionalInterface
	interface Attempt {

		/**
		 * Try to take the lock.
		 * @param waited how long the wait has lasted so far
		 * @param waitedBefore whether an earlier try found the lock held
		 * @param mayWait how long the try may wait for the lock to be released, where the
		 * database can hand it over the moment it is; a try that cannot wait answers at
		 * once
		 * @return the held lock, or empty while another migrator holds it
		 * @throws SQLException on a database error
		 */
		Optional<HeldMigrationLock> tryOnce(Duration waited, boolean waitedBefore, Duration mayWait)
				throws SQLException;

	}

}
