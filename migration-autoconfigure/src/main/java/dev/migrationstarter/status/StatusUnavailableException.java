package dev.migrationstarter.status;

/**
 * Thrown when the migration status cannot be determined: the changelog cannot be parsed
 * or the database cannot be read.
 *
 * @author migration-starter
 */
public class StatusUnavailableException extends RuntimeException {

	public StatusUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

}
