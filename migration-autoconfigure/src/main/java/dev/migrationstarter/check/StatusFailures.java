package dev.migrationstarter.check;

import dev.migrationstarter.runner.MigrationException;
import dev.migrationstarter.runner.MigrationExitCode;
import dev.migrationstarter.status.StatusUnavailableException;

/**
 * Maps a status that could not be read onto the documented exit codes.
 *
 * @author migration-starter
 */
final class StatusFailures {

	private StatusFailures() {
	}

	static MigrationException toMigrationException(String name, StatusUnavailableException failure) {
		if (failure.isChangelogProblem()) {
			return new MigrationException(MigrationExitCode.CHANGELOG_INVALID,
					"Liquibase '" + name + "': " + singleLine(failure.getMessage()),
					"check spring.liquibase.change-log and that the changelog is well-formed", failure);
		}
		return new MigrationException(MigrationExitCode.DATABASE_UNAVAILABLE,
				"Liquibase '" + name + "': " + singleLine(failure.getMessage()),
				"check the JDBC URL, that the database is up and reachable, and that the login may read the changelog table",
				failure);
	}

	private static String singleLine(String message) {
		return (message != null) ? message.strip().replaceAll("\\s*[\\r\\n]+\\s*", " | ") : "";
	}

}
