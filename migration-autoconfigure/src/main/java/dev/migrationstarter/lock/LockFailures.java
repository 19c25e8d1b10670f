package dev.migrationstarter.lock;

import dev.migrationstarter.core.MigrationEngine;
import dev.migrationstarter.core.MigrationException;
import dev.migrationstarter.core.MigrationExitCode;
import dev.migrationstarter.core.MigrationFailures;

/**
 * Turns the failures of the migration lock into a {@link MigrationException} with its
 * exit code and next step, the same for every engine.
 *
 * @author migration-starter
 */
public final class LockFailures {

	private LockFailures() {
	}

	/**
	 * Classify a failure of the lock: a connection through a transaction pool, a lock not
	 * acquired in time, a lock lost while migrating.
	 * @param failure the failure
	 * @param engine the engine that migrates, for the property and the noun to name
	 * @param failedChange the migration that was about to run, or {@code null}
	 * @return the classified failure, or {@code null} when the lock is not the cause
	 */
	public static MigrationException classify(Throwable failure, MigrationEngine engine, String failedChange) {
		TransactionPoolingException pooled = MigrationFailures.find(failure, TransactionPoolingException.class);
		if (pooled != null) {
			return new MigrationException(MigrationExitCode.DATABASE_UNAVAILABLE, pooled.getMessage(),
					"point spring." + engine.tag() + ".url at the database directly, or at a session-mode pool "
							+ "(PgBouncer pool_mode=session); the application's own data source may stay on the "
							+ "transaction pool",
					failure);
		}
		LockNotAcquiredException lockTimeout = MigrationFailures.find(failure, LockNotAcquiredException.class);
		if (lockTimeout != null) {
			return new MigrationException(MigrationExitCode.LOCK_TIMEOUT, lockTimeout.getMessage(),
					"wait for the holder named above to finish, or raise migration.lock.wait-timeout; a dead migrator's lock is freed when its session ends (its lease expires on H2)",
					failure);
		}
		LockLostException lockLost = MigrationFailures.find(failure, LockLostException.class);
		if (lockLost != null) {
			String before = (failedChange != null) ? "; stopped before " + engine.changeNoun() + " " + failedChange
					: "";
			return new MigrationException(MigrationExitCode.LOCK_LOST, lockLost.getMessage() + before,
					"let the migrator that holds the lock finish, then run --migrate-only again; if this one was"
							+ " frozen or cut off for longer than migration.lock.lease, find out why or raise the lease",
					failure);
		}
		return null;
	}

}
