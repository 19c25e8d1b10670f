package dev.migrationstarter.guard.locks;

import java.time.Duration;

/**
 * The lock timeouts of {@code --migrate-only}'s changesets and how long a changeset that
 * hit one is retried.
 *
 * @param lockTimeout how long one statement of a changeset may wait for a lock, or zero
 * to leave the database's own setting
 * @param statementTimeout how long one statement may run, or zero to leave the database's
 * own setting
 * @param retryBudget how long after its first attempt a changeset that hit the lock
 * timeout is still retried, or zero for no retry
 * @author migration-starter
 */
public record LockTimeoutSettings(Duration lockTimeout, Duration statementTimeout, Duration retryBudget) {

	/**
	 * Whether a lock timeout is set on the migration session.
	 * @return whether it is
	 */
	public boolean lockTimeoutEnabled() {
		return !this.lockTimeout.isZero();
	}

	/**
	 * Whether a statement timeout is set on the migration session.
	 * @return whether it is
	 */
	public boolean statementTimeoutEnabled() {
		return !this.statementTimeout.isZero();
	}

}
