package dev.migrationstarter.liquibase;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;

import dev.migrationstarter.core.MigrationException;
import dev.migrationstarter.core.MigrationExitCode;
import dev.migrationstarter.testsupport.DatabaseServer;
import dev.migrationstarter.testsupport.TestDatabase;
import liquibase.changelog.ChangeSet;
import liquibase.exception.DatabaseException;
import liquibase.exception.MigrationFailedException;
import liquibase.integration.spring.SpringLiquibase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.core.io.DefaultResourceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Tests for {@link LiquibaseFailures}: each failure gets a next step that fits it.
 *
 * @author migration-starter
 */
class LiquibaseFailuresTests {

	private static final String CREATE_A = "<changeSet id=\"a\" author=\"test\"><createTable tableName=\"a\">"
			+ "<column name=\"id\" type=\"INT\"/></createTable></changeSet>";

	@TempDir
	Path workDir;

	private final TestDatabase database = DatabaseServer.h2().createDatabase();

	@Test
	void aDuplicateChangeSetIdIsNotCalledAnEditedChangeSet() throws IOException {
		MigrationException failure = LiquibaseFailures.classify(migrationFailure(CREATE_A, CREATE_A), null);
		assertThat(failure.getExitCode()).isEqualTo(MigrationExitCode.CHANGELOG_INVALID);
		assertThat(failure.getMessage()).contains("duplicate identifiers");
		assertThat(failure.getNextStep()).contains("give each changeset a unique id").doesNotContain("never edit");
	}

	@Test
	void anEditedAppliedChangeSetIsToldNeverToEditOne() throws Exception {
		migrate(CREATE_A);
		String edited = CREATE_A.replace("tableName=\"a\"", "tableName=\"renamed\"");
		MigrationException failure = LiquibaseFailures.classify(migrationFailure(edited), null);
		assertThat(failure.getExitCode()).isEqualTo(MigrationExitCode.CHANGELOG_INVALID);
		assertThat(failure.getNextStep()).startsWith("never edit an applied changeset");
	}

	@Test
	void aFailedPreconditionIsToldToCheckThePreconditions() throws IOException {
		String guarded = "<preConditions><tableExists tableName=\"no_such_table\"/></preConditions>";
		MigrationException failure = LiquibaseFailures.classify(migrationFailure(guarded, CREATE_A), null);
		assertThat(failure.getExitCode()).isEqualTo(MigrationExitCode.CHANGELOG_INVALID);
		assertThat(failure.getNextStep()).contains("preconditions").doesNotContain("never edit");
	}

	@Test
	void anUnclassifiedFailureNeverPromisesAStackTraceThatIsNotPrinted() {
		MigrationException failure = LiquibaseFailures.classify(new IllegalStateException("boom"), null);
		assertThat(failure.getExitCode()).isEqualTo(MigrationExitCode.MIGRATION_FAILED);
		assertThat(failure.getNextStep()).doesNotContain("stack trace above")
			.contains("--logging.level.dev.migrationstarter=debug");
	}

	@Test
	void aChangeSetCutOffByALostConnectionIsDatabaseUnavailableNotAChangeSetToFix() {
		for (SQLException lost : List.of(
				new SQLException("terminating connection due to administrator command", "57P01"),
				new SQLException("An I/O error occurred while sending to the backend.", "08006"),
				new SQLException("Connection was killed", "70100", 1927))) {
			MigrationException failure = LiquibaseFailures
				.classify(new MigrationFailedException(new ChangeSet("2", "t", false, false, "c", null, null, null),
						"Migration failed", new DatabaseException(lost)), "c::2::t");
			assertThat(failure.getExitCode()).as(lost.getMessage()).isEqualTo(MigrationExitCode.DATABASE_UNAVAILABLE);
			assertThat(failure.getMessage()).startsWith("Lost the database connection while running changeset c::2::t")
				.doesNotContain("\n");
			assertThat(failure.getNextStep()).doesNotContain("fix the changeset");
		}
	}

	@Test
	void aChangeSetThatFailsOnItsOwnSqlIsStillToBeFixed() {
		SQLException undefinedTable = new SQLException("relation \"no_such_table\" does not exist", "42P01");
		MigrationException failure = LiquibaseFailures
			.classify(new MigrationFailedException(new ChangeSet("2", "t", false, false, "c", null, null, null),
					"Migration failed", new DatabaseException(undefinedTable)), "c::2::t");
		assertThat(failure.getExitCode()).isEqualTo(MigrationExitCode.MIGRATION_FAILED);
		assertThat(failure.getNextStep()).contains("fix the changeset");
	}

	private Throwable migrationFailure(String... changeSets) throws IOException {
		Throwable failure = catchThrowable(() -> migrate(changeSets));
		assertThat(failure).isNotNull();
		return failure;
	}

	private void migrate(String... changeSets) throws Exception {
		Path file = this.workDir.resolve("changelog.xml");
		Files.writeString(file,
				"""
						<?xml version="1.0" encoding="UTF-8"?>
						<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog"
								xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
								xsi:schemaLocation="http://www.liquibase.org/xml/ns/dbchangelog https://www.liquibase.org/xml/ns/dbchangelog/dbchangelog-latest.xsd">
						%s
						</databaseChangeLog>
						"""
					.formatted(String.join("\n", changeSets)));
		SpringLiquibase liquibase = new SpringLiquibase();
		liquibase.setDataSource(this.database.dataSource());
		liquibase.setChangeLog("file:" + file.toAbsolutePath());
		liquibase.setResourceLoader(new DefaultResourceLoader());
		liquibase.setAnalyticsEnabled(false);
		liquibase.afterPropertiesSet();
	}

}
