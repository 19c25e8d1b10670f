package dev.migrationstarter.runner;

import dev.migrationstarter.jdbc.Redaction;

/**
 * Describes a database for logs without leaking credentials.
 *
 * @author migration-starter
 */
public final class DatabaseTarget {

	private DatabaseTarget() {
	}

	/**
	 * Reduce a JDBC URL to its driver, host, port and database.
	 * @param jdbcUrl the JDBC URL, may be {@code null}
	 * @return a description that is safe to log
	 * @see Redaction#target(String)
	 */
	public static String redact(String jdbcUrl) {
		return Redaction.target(jdbcUrl);
	}

}
