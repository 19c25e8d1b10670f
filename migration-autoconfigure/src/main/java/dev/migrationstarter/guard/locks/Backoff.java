package dev.migrationstarter.guard.locks;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * The pause before the next attempt of a changeset that hit the lock timeout: doubling
 * from {@link #FIRST} up to {@link #LONGEST}, each pause drawn between half and all of
 * its step so that migrators and the blocked traffic do not fall into step.
 *
 * @author migration-starter
 */
public final class Backoff {

	static final Duration FIRST = Duration.ofMillis(500);

	static final Duration LONGEST = Duration.ofSeconds(30);

	private final DoubleSupplier random;

	/**
	 * Create a backoff.
	 * @param random uniform values in {@code [0, 1)}
	 */
	public Backoff(DoubleSupplier random) {
		this.random = random;
	}

	/**
	 * The pause before a retry.
	 * @param retry the retry's number, from 1
	 * @return the pause
	 */
	public Duration delay(int retry) {
		long step = step(retry).toMillis();
		long half = step / 2;
		return Duration.ofMillis(half + (long) (this.random.getAsDouble() * (step - half)));
	}

	public static Duration step(int retry) {
		int doublings = Math.min(Math.max(retry, 1) - 1, 16);
		Duration step = FIRST.multipliedBy(1L << doublings);
		return (step.compareTo(LONGEST) > 0) ? LONGEST : step;
	}

}
