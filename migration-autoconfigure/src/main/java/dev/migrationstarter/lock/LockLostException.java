package dev.migrationstarter.lock;

/**
 * Thrown when a migrator finds, before work that needs the migration lock, that it no
 * longer holds it: its lease ran out or another migrator took it over.
 *
 * @author migration-starter
 */
public class LockLostException extends RuntimeException {

	public LockLostException(String lockName, String reason) {
		super("Migration lock '" + lockName + "' is no longer held by this migrator: " + reason);
	}

}
