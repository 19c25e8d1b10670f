package dev.migrationstarter.guard.locks;

import java.sql.SQLException;

/**
 * Tells a statement that gave up waiting for a lock from any other failure.
 *
 * @author migration-starter
 */
public final class LockTimeoutFailure {

	// PostgreSQL's lock_not_available, raised when lock_timeout runs out
	private static final String POSTGRES_LOCK_NOT_AVAILABLE = "55P03";

	// ER_LOCK_WAIT_TIMEOUT: innodb_lock_wait_timeout on a row and lock_wait_timeout on
	// a table's metadata lock alike
	private static final int MARIADB_LOCK_WAIT_TIMEOUT = 1205;

	private LockTimeoutFailure() {
	}

	/**
	 * The lock timeout among the causes of a failure.
	 * @param failure the failure
	 * @return the lock timeout, or {@code null} if the failure is of another kind
	 */
	public static SQLException find(Throwable failure) {
		for (Throwable candidate = failure; candidate != null; candidate = candidate.getCause()) {
			if (candidate instanceof SQLException sqlException) {
				for (SQLException next = sqlException; next != null; next = next.getNextException()) {
					if (isLockTimeout(next)) {
						return next;
					}
				}
			}
			if (candidate.getCause() == candidate) {
				break;
			}
		}
		return null;
	}

	public static boolean isLockTimeout(SQLException failure) {
		return POSTGRES_LOCK_NOT_AVAILABLE.equals(failure.getSQLState())
				|| failure.getErrorCode() == MARIADB_LOCK_WAIT_TIMEOUT;
	}

}
