package dev.migrationstarter.sample.process;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.migrationstarter.sample.process.AppProcess.Result;
import dev.migrationstarter.testsupport.DatabaseKind;
import dev.migrationstarter.testsupport.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a process of the sample jar does with invalid input, and where a run-and-exit
 * process writes what, against an H2 file database.
 *
 * @author migration-starter
 */
class H2OperatorInputProcessIT {

	private static final String LOG_LINE = "^\\d{4}-\\d\\d-\\d\\dT.*";

	@TempDir
	Path workDir;

	private TestDatabase database;

	@BeforeEach
	void createDatabase() {
		this.database = new TestDatabase(DatabaseKind.H2,
				"jdbc:h2:file:" + this.workDir.resolve("input") + ";AUTO_SERVER=TRUE", "sa", "");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			textBlock = """
							--migration.mode=bogus                               | Unknown migration.mode 'bogus' (from the command line)
							--migrate_only                                       | Invalid argument '--migrate_only'
							--migrate-only=false                                 | Invalid argument '--migrate-only=false'
							--migrate-only=true                                  | Invalid argument '--migrate-only=true'
							--migrate-only=TRUE                                  | Invalid argument '--migrate-only=TRUE'
					--migrate-only=                                      | Invalid argument '--migrate-only='
							--await_schema                                       | Invalid argument '--await_schema'
							-migrate-only                                        | Invalid argument '-migrate-only'
							--dry-run                                            | --dry-run (migration.dry-run) only applies to --migrate-only
							--migrate-only --migration-status                    | Conflicting arguments
							--migrate-only --migration.lock.lease=1s             | Invalid migration.lock.lease=1s
							--migration.progress.heartbeat-interval=0            | Invalid migration.progress.heartbeat-interval=0
							--migrate-only --migration.lock.wait-timeout=300000d | Invalid migration.lock.wait-timeout=300000d
							--migration-status --migration.readiness.refresh-interval=-1s | Invalid migration.readiness.refresh-interval=-1s
							--migrate-only --migration.lock.connection-lost-timeout=1s | Invalid migration.lock.connection-lost-timeout=1s
							--migrate-only --migration.guard.policy=maybe        | Failed to bind properties under 'migration.guard.policy'
							""")
	void invalidInputExitsOneWithOneCauseLineBeforeAnythingStarts(String arguments, String cause) {
		Result result = app("invalid", arguments.split(" ")).run();
		assertInvalidInput(result, cause);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', nullValues = "-", textBlock = """
			--migrate-only                 | -                                      | skipped
			--migration.mode=migrate-only  | -                                      | skipped
			-                              | MIGRATION_MODE=MIGRATE_ONLY            | skipped
			-                              | SPRING_APPLICATION_JSON={"migration":{"mode":"migrate-only"}} | left on
			""")
	void everyWayToSelectMigrateOnlyReachesTheSameDecisionAndTheBackgroundOptOutFollowsIt(String argument,
			String variable, String preinitialisation) {
		AppProcess.Builder app = app("selected", "--logging.level.dev.migrationstarter.mode=debug");
		if (argument != null) {
			app.arg(argument);
		}
		if (variable != null) {
			app.env(variable.substring(0, variable.indexOf('=')), variable.substring(variable.indexOf('=') + 1));
		}
		Result result = app.run();
		assertThat(result.exitCode()).as(result.toString()).isZero();
		assertThat(result.standardError()).as(result.toString())
			.contains("Mode migrate-only; Spring Boot's background pre-initialisation " + preinitialisation)
			.contains("Migration finished (exit code 0)")
			.doesNotContain("Tomcat");
		assertThat(this.database.tableExists("DATABASECHANGELOG")).isTrue();
	}

	@Test
	void modeFlagThatDisagreesWithTheModeVariableExitsOne() {
		Result result = app("disagree", "--migration-status").env("MIGRATION_MODE", "migrate-only").run();
		assertInvalidInput(result, "Argument --migration-status disagrees with migration.mode=migrate-only "
				+ "(from System Environment Property \"MIGRATION_MODE\")");
		assertThat(result.standardOutput()).as("the report goes to standard error").isEmpty();
	}

	@Test
	void dropFirstInMigrateOnlyIsRefusedAndTheDatabaseIsUntouched() {
		this.database.jdbc().execute("CREATE TABLE keep_me (id INT)");
		this.database.jdbc().execute("INSERT INTO keep_me VALUES (1)");
		Result result = app("drop-first", "--migrate-only", "--spring.liquibase.drop-first=true").run();
		assertInvalidInput(result, "spring.liquibase.drop-first=true (from the command line) is refused");
		assertThat(this.database.jdbc().queryForObject("SELECT COUNT(*) FROM keep_me", Integer.class)).isOne();
		assertThat(this.database.tableExists("migration_lock")).isFalse();
	}

	@Test
	void migrateOnlyWritesNothingToStandardOutput() {
		Result result = app("migrate").arg("--migrate-only").run();
		assertThat(result.exitCode()).as(result.toString()).isZero();
		assertThat(result.standardOutput()).as(result.toString()).isEmpty();
		assertThat(result.standardError()).contains("Migration finished (exit code 0)")
			.doesNotContain("shouldRun")
			.doesNotContain(":: Spring Boot ::");
		assertThat(result.standardError().lines().filter((line) -> line.contains(" liquibase.")))
			.allSatisfy((line) -> assertThat(line).doesNotContain(" INFO "));
	}

	@Test
	void migrationStatusWritesOnlyTheStatusLinesToStandardOutput() {
		Result result = app("status").arg("--migration-status").run();
		assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
		List<String> lines = result.standardOutput().lines().toList();
		assertThat(lines).as(result.toString()).isNotEmpty().noneMatch((line) -> line.matches(LOG_LINE));
		assertThat(lines.get(0)).startsWith("Liquibase 'liquibase': 4 pending");
		assertThat(lines.subList(1, lines.size())).allSatisfy((line) -> assertThat(line).startsWith("  pending"));
		assertThat(result.standardError()).contains("Migration status (exit code 2)");
	}

	@Test
	void dryRunWritesOnlySqlToStandardOutput() {
		Result result = app("dry-run").arg("--migrate-only").arg("--dry-run").run();
		assertThat(result.exitCode()).as(result.toString()).isZero();
		List<String> lines = result.standardOutput().lines().filter((line) -> !line.isBlank()).toList();
		assertThat(lines).as(result.toString())
			.isNotEmpty()
			.allSatisfy((line) -> assertThat(line.startsWith("--") || line.endsWith(";")).as(line).isTrue());
		assertThat(result.standardOutput()).containsIgnoringCase("CREATE TABLE PUBLIC.greeting");
		assertThat(result.standardError()).contains("Dry run finished (exit code 0)");
		assertThat(this.database.tableExists("greeting")).isFalse();
	}

	@Test
	void normalStartDoesNotLogLiquibasesShouldRunNotice() {
		AppProcess serve = app("serve", "--server.port=0").start();
		try {
			serve.awaitCondition("the started line", Duration.ofMinutes(2),
					() -> serve.output().contains("Started SampleApplication"));
			assertThat(serve.output()).doesNotContain("shouldRun");
		}
		finally {
			serve.kill();
		}
	}

	private void assertInvalidInput(Result result, String cause) {
		assertThat(result.exitCode()).as(result.toString()).isOne();
		assertThat(result.output().lines().filter((line) -> line.contains(cause))).as(result.toString()).hasSize(1);
		assertThat(result.output().lines()).as(result.toString())
			.noneMatch((line) -> line.startsWith("\tat "))
			.noneMatch((line) -> line.contains("Application run failed"))
			.noneMatch((line) -> line.contains("Tomcat"))
			.noneMatch((line) -> line.contains("Started SampleApplication"));
		assertThat(this.database.tableExists("DATABASECHANGELOG")).isFalse();
	}

	private AppProcess.Builder app(String name, String... args) {
		return AppProcess.sampleJar(this.workDir, args).named(name).database(this.database).separateStandardError();
	}

}
