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
 * {@link LockSettings#pollInterval()} until {@link LockSettings#waitTimeout()}.
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
	 * @param attempt one try to take the lock
	 * @param holder names the holder, for the log and the timeout
	 * @param stillNeeded whether the lock is still needed
	 * @return the held lock, or empty when it was no longer needed
	 * @throws SQLException if an attempt fails
	 * @throws LockNotAcquiredException if the wait timeout passed
	 */
	static <T> Optional<T> forLock(LockSettings settings, Attempt<T> attempt, Supplier<String> holder,
			BooleanSupplier stillNeeded) throws SQLException {
		long started = System.nanoTime();
		long deadline = started + settings.waitTimeout().toNanos();
		boolean announced = false;
		while (true) {
			Optional<T> held = attempt.tryOnce(Duration.ofNanos(System.nanoTime() - started), announced);
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
			if (System.nanoTime() + settings.pollInterval().toNanos() > deadline) {
				throw new LockNotAcquiredException(settings.lockName(), waited, holder.get());
			}
			pause(settings.pollInterval());
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
	 *
	 * @param <T> the held lock
	 */
	@FunctionalInterface
	interface Attempt<T> {

		/**
		 * Try to take the lock without waiting.
		 * @param waited how long the wait has lasted so far
		 * @param waitedBefore whether an earlier try found the lock held
		 * @return the held lock, or empty while another migrator holds it
		 * @throws SQLException on a database error
		 */
		Optional<T> tryOnce(Duration waited, boolean waitedBefore) throws SQLException;

	}

}
