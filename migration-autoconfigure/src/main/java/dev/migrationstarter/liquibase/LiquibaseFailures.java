package dev.migrationstarter.liquibase;

import java.io.FileNotFoundException;

import dev.migrationstarter.core.MigrationEngine;
import dev.migrationstarter.core.MigrationException;
import dev.migrationstarter.core.MigrationExitCode;
import dev.migrationstarter.core.MigrationFailures;
import dev.migrationstarter.core.StatusUnavailableException;
import dev.migrationstarter.liquibase.status.EditedChangeSetsException;
import dev.migrationstarter.lock.LockFailures;
import liquibase.exception.ChangeLogParseException;
import liquibase.exception.MigrationFailedException;
import liquibase.exception.ValidationFailedException;
import liquibase.parser.core.ParsedNodeException;

/**
 * Maps whatever a Liquibase migration threw onto a {@link MigrationException} with its
 * exit code, a one-line cause and a next step.
 *
 * @author migration-starter
 */
public final class LiquibaseFailures {

	private static final String EDITED_NEXT_STEP = "never edit an applied changeset: restore it and add a new changeset (or give it a validCheckSum)";

	private LiquibaseFailures() {
	}

	/**
	 * Map a migration status that could not be read onto its exit code: 4 when the
	 * changelog cannot be parsed, 5 when the database cannot be read.
	 * @param beanName the {@code SpringLiquibase} bean whose status was read
	 * @param failure why the status could not be read
	 * @return the exception to end the process with
	 */
	public static MigrationException statusUnavailable(String beanName, StatusUnavailableException failure) {
		String message = "Liquibase '" + beanName + "': " + MigrationFailures.singleLine(failure.getMessage());
		if (failure instanceof EditedChangeSetsException) {
			return new MigrationException(MigrationExitCode.CHANGELOG_INVALID, message, EDITED_NEXT_STEP, failure);
		}
		if (failure.isChangelogProblem()) {
			return new MigrationException(MigrationExitCode.CHANGELOG_INVALID, message,
					"check spring.liquibase.change-log and that the changelog is well-formed", failure);
		}
		return new MigrationException(MigrationExitCode.DATABASE_UNAVAILABLE, message,
				"check the JDBC URL, that the database is up and reachable, and that the login may read the changelog table",
				failure);
	}

	/**
	 * Map a failure of a Liquibase migration onto its exit code.
	 * @param failure the failure
	 * @param failedChangeSet the changeset that was running, or {@code null}
	 * @return the exception to end the process with
	 */
	public static MigrationException classify(Throwable failure, String failedChangeSet) {
		if (failure instanceof MigrationException migrationException) {
			return migrationException;
		}
		MigrationException lock = LockFailures.classify(failure, MigrationEngine.LIQUIBASE, failedChangeSet);
		if (lock != null) {
			return lock;
		}
		ValidationFailedException invalid = MigrationFailures.find(failure, ValidationFailedException.class);
		if (invalid != null) {
			return new MigrationException(MigrationExitCode.CHANGELOG_INVALID,
					"Changelog validation failed: " + MigrationFailures.singleLine(invalid.getMessage()),
					nextStepFor(invalid), failure);
		}
		if (MigrationFailures.find(failure, ChangeLogParseException.class) != null
				|| MigrationFailures.find(failure, ParsedNodeException.class) != null
				|| MigrationFailures.find(failure, FileNotFoundException.class) != null) {
			return new MigrationException(MigrationExitCode.CHANGELOG_INVALID,
					"Changelog cannot be read: " + MigrationFailures.rootMessage(failure),
					"check spring.liquibase.change-log and that the changelog is well-formed", failure);
		}
		MigrationException connectionLost = MigrationFailures.connectionLost(failure, MigrationEngine.LIQUIBASE,
				failedChangeSet);
		if (connectionLost != null) {
			return connectionLost;
		}
		if (MigrationFailures.find(failure, MigrationFailedException.class) != null || failedChangeSet != null) {
			String changeSet = (failedChangeSet != null) ? "Changeset " + failedChangeSet + " failed: "
					: "A changeset failed: ";
			return new MigrationException(MigrationExitCode.MIGRATION_FAILED,
					changeSet + MigrationFailures.rootMessage(failure),
					"fix the changeset (changesets before it stay applied) and run --migrate-only again", failure);
		}
		return new MigrationException(MigrationExitCode.MIGRATION_FAILED,
				"Migration failed: " + MigrationFailures.rootMessage(failure),
				"fix the cause and run --migrate-only again (" + MigrationFailures.STACK_TRACE_HINT + ")", failure);
	}

	/**
	 * The next step for each kind of validation failure that Liquibase lists; the first
	 * kind in its message wins, since one fix at a time is what an operator can do.
	 */
	static String nextStepFor(ValidationFailedException invalid) {
		String message = String.valueOf(invalid.getMessage());
		if (!invalid.getInvalidMD5Sums().isEmpty()) {
			return EDITED_NEXT_STEP;
		}
		if (message.contains("duplicate identifiers")) {
			return "give each changeset a unique id (the same id and author may appear only once per file), "
					+ "or a distinct logicalFilePath to each included changelog";
		}
		if (message.contains("preconditions failed") || message.contains("preconditions generated an error")) {
			return "check the changelog's preconditions against the database (or their onFail/onError setting)";
		}
		if (message.contains("changes have validation")) {
			return "fix the attributes of the change named above (a required attribute is missing or not supported by this database)";
		}
		return "fix the changelog as the message says and run --migrate-only again";
	}

}
