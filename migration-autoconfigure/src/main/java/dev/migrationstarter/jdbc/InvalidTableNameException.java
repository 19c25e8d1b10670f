package dev.migrationstarter.jdbc;

/**
 * Thrown when a configured table name is not a plain, optionally schema-qualified, SQL
 * identifier.
 *
 * @author migration-starter
 */
public class InvalidTableNameException extends IllegalArgumentException {

	public InvalidTableNameException(String message) {
		super(message);
	}

}
