package dev.migrationstarter.core;

import dev.migrationstarter.jdbc.Redaction;

/**
 * Thrown when the migration status cannot be determined: the changelog cannot be parsed
 * or the database cannot be read.
 *
 * @author migration-starter
 */
public class StatusUnavailableException extends RuntimeException {

	private final boolean changelogProblem;

	public StatusUnavailableException(String message, Throwable cause) {
		this(message, cause, false);
	}

	public StatusUnavailableException(String message, Throwable cause, boolean changelogProblem) {
		super(Redaction.text(message), cause);
		this.changelogProblem = changelogProblem;
	}

	/**
	 * Whether the changelog, rather than the database, is the problem: reading again will
	 * not help.
	 * @return whether the changelog cannot be parsed
	 */
	public boolean isChangelogProblem() {
		return this.changelogProblem;
	}

}
