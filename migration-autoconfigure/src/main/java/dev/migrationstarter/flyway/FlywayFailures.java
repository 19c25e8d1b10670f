package dev.migrationstarter.flyway;

import java.sql.SQLException;

import dev.migrationstarter.core.MigrationEngine;
import dev.migrationstarter.core.MigrationException;
import dev.migrationstarter.core.MigrationExitCode;
import dev.migrationstarter.core.MigrationFailures;
import dev.migrationstarter.core.StatusUnavailableException;
import dev.migrationstarter.jdbc.Redaction;
import dev.migrationstarter.lock.LockFailures;
import org.flywaydb.core.api.CoreErrorCode;
import org.flywaydb.core.api.ErrorCode;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.exception.FlywayValidateException;
import org.flywaydb.core.internal.exception.FlywayMigrateException;

/**
 * Maps what a Flyway migration or read threw onto a {@link MigrationException} with its
 * exit code, a one-line cause and a next step.
 *
 * @author migration-starter
 */
final class FlywayFailures {

	private static final String VALIDATION_HEADER = "Validate failed: Migrations have failed validation";

	private FlywayFailures() {
	}

	static MigrationException classify(String name, Throwable failure, String failedMigration) {
		if (failure instanceof MigrationException migrationException) {
			return migrationException;
		}
		MigrationException lock = LockFailures.classify(failure, MigrationEngine.FLYWAY, failedMigration);
		if (lock != null) {
			return lock;
		}
		String prefix = "Flyway '" + name + "': ";
		if (failure instanceof StatusUnavailableException unavailable) {
			String message = firstLine(unavailable.getMessage()).replaceFirst("^Flyway validation", "validation");
			return unavailable.isChangelogProblem()
					? new MigrationException(MigrationExitCode.CHANGELOG_INVALID, prefix + message,
							nextStepForInvalid(message), failure)
					: new MigrationException(MigrationExitCode.DATABASE_UNAVAILABLE,
							prefix + firstLine(unavailable.getMessage()),
							"check the JDBC URL, that the database is up and reachable, and that the login may read"
									+ " the schema history table",
							failure);
		}
		FlywayValidateException invalid = MigrationFailures.find(failure, FlywayValidateException.class);
		if (invalid != null || isValidationCode(errorCode(failure))) {
			String message = validationSummary(((invalid != null) ? invalid : failure).getMessage());
			return new MigrationException(MigrationExitCode.CHANGELOG_INVALID, prefix + "validation failed: " + message,
					nextStepForInvalid(message), failure);
		}
		if (MigrationFailures.isConnectionFailure(failure)) {
			String during = (failedMigration != null) ? " while running migration " + failedMigration : "";
			return new MigrationException(MigrationExitCode.DATABASE_UNAVAILABLE,
					prefix + "lost the database connection" + during + ": " + MigrationFailures.rootMessage(failure),
					"check that the database is up and reachable, then run --migrate-only again"
							+ " (a migration that did not finish in a transaction is recorded as failed: run Flyway"
							+ " repair after removing its partial changes)",
					failure);
		}
		if (errorCode(failure) == CoreErrorCode.NON_EMPTY_SCHEMA_WITHOUT_SCHEMA_HISTORY_TABLE) {
			return new MigrationException(MigrationExitCode.MIGRATION_FAILED, prefix + firstLine(failure.getMessage()),
					"set spring.flyway.baseline-on-migrate=true (with spring.flyway.baseline-version) to adopt the"
							+ " existing schema, or point Flyway at an empty schema",
					failure);
		}
		FlywayMigrateException migrateFailure = MigrationFailures.find(failure, FlywayMigrateException.class);
		String migration = (migrateFailure != null && migrateFailure.getMigration() != null)
				? FlywayScripts.name(migrateFailure.getMigration()) : failedMigration;
		if (migration != null) {
			return new MigrationException(MigrationExitCode.MIGRATION_FAILED,
					prefix + "migration " + migration + " failed: " + MigrationFailures.rootMessage(failure),
					"fix the migration (migrations before it stay applied; on a database without transactional DDL"
							+ " remove its partial changes and run Flyway repair) and run --migrate-only again",
					failure);
		}
		return new MigrationException(MigrationExitCode.MIGRATION_FAILED,
				prefix + "migration failed: " + MigrationFailures.rootMessage(failure),
				"fix the cause and run --migrate-only again (" + MigrationFailures.STACK_TRACE_HINT + ")", failure);
	}

	static boolean isSqlFailure(Throwable failure) {
		return MigrationFailures.find(failure, SQLException.class) != null;
	}

	/**
	 * The first line of Flyway's validation message that names a migration, without its
	 * generic header.
	 */
	static String validationSummary(String message) {
		if (message == null) {
			return "";
		}
		String rest = message.strip();
		if (rest.startsWith(VALIDATION_HEADER)) {
			rest = rest.substring(VALIDATION_HEADER.length()).strip();
		}
		else if (rest.startsWith("Validate failed: ")) {
			rest = rest.substring("Validate failed: ".length());
		}
		return firstLine(rest);
	}

	static String firstLine(String message) {
		if (message == null) {
			return "";
		}
		String stripped = message.strip();
		int end = stripped.indexOf('\n');
		return Redaction.text(((end < 0) ? stripped : stripped.substring(0, end)).strip());
	}

	private static String nextStepForInvalid(String message) {
		String text = String.valueOf(message);
		if (text.contains("checksum mismatch") || text.contains("description mismatch")
				|| text.contains("type mismatch")) {
			return "never edit an applied migration: restore it and add a new migration (or run Flyway repair if"
					+ " the edit must be accepted)";
		}
		if (text.contains("not resolved locally")) {
			return "restore the migration the database has applied, or add '*:missing' to"
					+ " spring.flyway.ignore-migration-patterns if it was removed on purpose";
		}
		if (text.contains("not applied to database")) {
			return "give the migration a version above the latest applied one, or set spring.flyway.out-of-order=true";
		}
		if (text.contains("failed migration") || text.contains("failed repeatable migration")) {
			return "remove the partial changes of the failed migration, run Flyway repair, then run --migrate-only"
					+ " again";
		}
		return "fix the migrations as the message says and run --migrate-only again";
	}

	private static boolean isValidationCode(ErrorCode code) {
		if (!(code instanceof CoreErrorCode core)) {
			return false;
		}
		return switch (core) {
			case VALIDATE_ERROR, CHECKSUM_MISMATCH, TYPE_MISMATCH, DESCRIPTION_MISMATCH,
					APPLIED_VERSIONED_MIGRATION_NOT_RESOLVED, APPLIED_REPEATABLE_MIGRATION_NOT_RESOLVED,
					RESOLVED_VERSIONED_MIGRATION_NOT_APPLIED, RESOLVED_REPEATABLE_MIGRATION_NOT_APPLIED,
					DUPLICATE_VERSIONED_MIGRATION, DUPLICATE_REPEATABLE_MIGRATION, DUPLICATE_UNDO_MIGRATION,
					DUPLICATE_DELETED_MIGRATION ->
				true;
			default -> false;
		};
	}

	private static ErrorCode errorCode(Throwable failure) {
		FlywayException flyway = MigrationFailures.find(failure, FlywayException.class);
		return (flyway != null) ? flyway.getErrorCode() : null;
	}

}
