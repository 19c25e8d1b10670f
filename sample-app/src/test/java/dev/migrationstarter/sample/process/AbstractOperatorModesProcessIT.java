package dev.migrationstarter.sample.process;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.migrationstarter.sample.process.AppProcess.Result;
import dev.migrationstarter.testsupport.DatabaseKind;
import dev.migrationstarter.testsupport.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator modes ({@code --migration-status}, {@code --await-schema},
 * {@code --migrate-only --dry-run}, progress heartbeat and the status meters of a running
 * application) as real processes, run against each database by a thin subclass.
 *
 * @author migration-starter
 */
abstract class AbstractOperatorModesProcessIT {

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private static final List<String> RELEASE_1_CHANGE_SETS = List.of("v1-1-create-greeting", "v1-2-seed-greeting");

	@TempDir
	Path workDir;

	TestDatabase database;

	protected abstract TestDatabase createDatabase(Path workDir);

	protected abstract String unreachableUrl();

	@BeforeEach
	void createDatabase() {
		this.database = createDatabase(this.workDir);
	}

	@Test
	void migrationStatusIsTwoWhilePendingAndZeroWhenUpToDateOrAhead() {
		Result behind = app("status-behind", "--migration-status").run();
		assertThat(behind.exitCode()).as(behind.toString()).isEqualTo(2);
		assertThat(behind.output()).contains("Liquibase 'liquibase': 4 pending, 0 applied, 0 unknown")
			.contains("  pending  db/changelog/v1/greeting.xml::v1-1-create-greeting::sample")
			.contains("  pending  db/changelog/v2/greeting-language.xml::v2-2-seed-greeting-languages::sample")
			.doesNotContain("Tomcat");
		assertThat(behind.lastLine()).contains("Migration status (exit code 2): 4 changesets are pending");
		assertThat(this.database.tableExists("DATABASECHANGELOG")).isFalse();
		String ahead = Changelogs.write(this.workDir.resolve("ahead.xml"),
				"<include file=\"classpath:db/changelog/release-2.xml\"/>", Changelogs.createTable("3-1", "release_3"));
		assertThat(app("migrate-ahead", "--migrate-only", ahead).run().exitCode()).isZero();
		Result upToDate = app("status-ahead", "--migration-status").run();
		assertThat(upToDate.exitCode()).as(upToDate.toString()).isZero();
		assertThat(upToDate.output()).contains("Liquibase 'liquibase': 0 pending, 4 applied, 1 unknown")
			.containsPattern("  unknown  .*ahead\\.xml::3-1::test");
		assertThat(upToDate.lastLine()).contains("Migration status (exit code 0): the schema is up to date and ahead");
	}

	@Test
	void migrationStatusExitsFiveWhenTheDatabaseIsUnreachable() {
		Result result = AppProcess.sampleJar(this.workDir, "--migration-status")
			.named("status-unreachable")
			.env("SPRING_DATASOURCE_URL", unreachableUrl())
			.env("SPRING_DATASOURCE_USERNAME", "nobody")
			.run();
		assertThat(result.exitCode()).as(result.toString()).isEqualTo(5);
		assertThat(result.lastLine()).contains("Migration status unknown (exit code 5)").contains("Next: check");
	}

	@Test
	void awaitSchemaWaitsForTheMigrationOfAnotherProcessThenExitsZero() {
		AppProcess await = app("await", "--await-schema", "--migration.await.timeout=120s",
				"--migration.await.poll-interval=500ms")
			.start();
		await.awaitCondition("the first status read", Duration.ofSeconds(60),
				() -> await.output().contains("Waiting for the schema: 4 changesets pending"));
		Result migration = app("migrate", "--migrate-only").run();
		assertThat(migration.exitCode()).as(migration.toString()).isZero();
		long migrated = System.nanoTime();
		Result awaited = await.awaitExit();
		Duration afterMigration = Duration.ofNanos(System.nanoTime() - migrated);
		assertThat(awaited.exitCode()).as(awaited.toString()).isZero();
		assertThat(awaited.lastLine()).contains("Schema is up to date (exit code 0)");
		assertThat(afterMigration).isLessThan(Duration.ofSeconds(10));
		assertThat(awaited.output()).doesNotContain("Tomcat");
	}

	@Test
	void awaitSchemaExitsTwoWhenTheSchemaIsStillBehindAtTheTimeout() {
		Result result = app("await-timeout", "--await-schema", "--migration.await.timeout=2s",
				"--migration.await.poll-interval=500ms")
			.run();
		assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
		assertThat(result.lastLine()).contains("Schema still behind after 2.0 s (exit code 2): 4 changesets pending")
			.contains("Next: check that the migration job ran");
		assertThat(this.database.tableExists("DATABASECHANGELOG")).isFalse();
	}

	@Test
	void statusAndAwaitExitFourNamingAnAppliedChangeSetThatWasEdited() {
		Path file = this.workDir.resolve("edited.xml");
		String onChange = """
				<changeSet id="1-2" author="test" runOnChange="true">
					<sql>SELECT %d</sql>
				</changeSet>""";
		String changelog = Changelogs.write(file, Changelogs.createTable("1-1", "first"), onChange.formatted(1));
		assertThat(app("migrate", "--migrate-only", changelog).run().exitCode()).isZero();
		Changelogs.write(file, Changelogs.createTable("1-1", "first"), onChange.formatted(2));
		Result onChangeEdited = app("status-on-change", "--migration-status", changelog).run();
		assertThat(onChangeEdited.exitCode()).as(onChangeEdited.toString()).isEqualTo(2);
		assertThat(onChangeEdited.output()).containsPattern("  pending  .*edited\\.xml::1-2::test");
		Changelogs.write(file, Changelogs.createTable("1-1", "renamed"), onChange.formatted(1));
		Result status = app("status-edited", "--migration-status", changelog).run();
		assertThat(status.exitCode()).as(status.toString()).isEqualTo(4);
		assertThat(status.lastLine()).contains("Migration status unknown (exit code 4)")
			.containsPattern("edited\\.xml::1-1::test")
			.contains("never edit an applied changeset");
		Result await = app("await-edited", "--await-schema", changelog, "--migration.await.timeout=30s").run();
		assertThat(await.exitCode()).as(await.toString()).isEqualTo(4);
		assertThat(await.lastLine()).contains("Schema not awaited (exit code 4)")
			.containsPattern("edited\\.xml::1-1::test");
		Result migrate = app("migrate-edited", "--migrate-only", changelog).run();
		assertThat(migrate.exitCode()).as("as --migrate-only: " + migrate).isEqualTo(4);
	}

	@Test
	void dryRunOnAFreshDatabaseCreatesNoTableAtAll() {
		Result dryRun = app("dry-run-fresh", "--migrate-only", "--dry-run").run();
		assertThat(dryRun.exitCode()).as(dryRun.toString()).isZero();
		assertThat(dryRun.output()).containsIgnoringCase("CREATE TABLE").contains("v1-1-create-greeting");
		assertThat(this.database.tableExists("greeting")).isFalse();
		assertThat(this.database.tableExists("DATABASECHANGELOG")).isFalse();
		assertThat(this.database.tableExists("DATABASECHANGELOGLOCK")).isFalse();
		assertThat(this.database.tableExists("migration_lock")).isFalse();
	}

	@Test
	void dryRunPrintsTheSqlOfThePendingChangeSetsAndAppliesNothing() {
		assertThat(app("migrate-release-1", "--migrate-only", "--sample.release=1").run().exitCode()).isZero();
		Result dryRun = app("dry-run", "--migrate-only", "--dry-run").run();
		assertThat(dryRun.exitCode()).as(dryRun.toString()).isZero();
		assertThat(dryRun.output()).containsIgnoringCase("ALTER TABLE")
			.containsIgnoringCase("language")
			.contains("v2-1-add-greeting-language");
		assertThat(dryRun.lastLine()).contains("Dry run finished (exit code 0)").contains("nothing was applied");
		assertThat(this.database.appliedChangeSetIds()).containsExactlyElementsOf(RELEASE_1_CHANGE_SETS);
		assertThat(this.database.jdbc().queryForObject("SELECT COUNT(*) FROM greeting", Integer.class)).isOne();
		Result status = app("status-after-dry-run", "--migration-status").run();
		assertThat(status.exitCode()).as(status.toString()).isEqualTo(2);
	}

	@Test
	void dryRunLeavesALiquibaseChangelogLockOfAnotherProcessHeld() {
		assertThat(app("migrate-release-1", "--migrate-only", "--sample.release=1").run().exitCode()).isZero();
		this.database.jdbc()
			.update("UPDATE DATABASECHANGELOGLOCK SET LOCKED = ?, LOCKEDBY = ?, LOCKGRANTED = CURRENT_TIMESTAMP WHERE ID = 1",
					true, "app-pod-7f9c (10.0.0.7)");
		Result dryRun = app("dry-run-beside-a-held-lock", "--migrate-only", "--dry-run").run();
		assertThat(dryRun.exitCode()).as(dryRun.toString()).isZero();
		assertThat(dryRun.output()).contains("v2-1-add-greeting-language").doesNotContain("Lock Database");
		assertThat(this.database.jdbc()
			.queryForObject("SELECT LOCKEDBY FROM DATABASECHANGELOGLOCK WHERE ID = 1 AND LOCKED = ?", String.class,
					true))
			.isEqualTo("app-pod-7f9c (10.0.0.7)");
	}

	@Test
	void aLongChangeSetLogsAHeartbeatNamingIt() {
		String changelog = Changelogs.write(this.workDir.resolve("slow.xml"), sleep("1-slow", 4));
		Result result = app("slow", "--migrate-only", changelog, "--migration.progress.heartbeat-interval=1s").run();
		assertThat(result.exitCode()).as(result.toString()).isZero();
		assertThat(result.output())
			.containsPattern("\\[1/1\\] .*slow\\.xml::1-slow::test still running after [1-4]\\.[0-9] s")
			.containsPattern("\\[1/1\\] .*slow\\.xml::1-slow::test applied in [4-9]\\.\\d s");
	}

	@Test
	void aRunningApplicationReportsItsSchemaStatusAsMeters() throws Exception {
		AppProcess serve = app("serve", "--server.port=0", "--migration.readiness.refresh-interval=1s").start();
		try {
			int port = serve.awaitPort(Duration.ofSeconds(90));
			serve.awaitCondition("the pending gauge", Duration.ofSeconds(30),
					() -> metric(port, "migration.changesets.pending").contains("\"value\":4.0"));
			assertThat(metric(port, "migration.schema.uptodate")).contains("\"value\":0.0");
			assertThat(app("migrate", "--migrate-only").run().exitCode()).isZero();
			serve.awaitCondition("the up-to-date gauge", Duration.ofSeconds(30),
					() -> metric(port, "migration.schema.uptodate").contains("\"value\":1.0"));
			assertThat(metric(port, "migration.changesets.pending")).contains("\"value\":0.0");
		}
		finally {
			serve.kill();
		}
	}

	private AppProcess.Builder app(String name, String... args) {
		return AppProcess.sampleJar(this.workDir, args).named(name).database(this.database);
	}

	private String sleep(String id, int seconds) {
		if (this.database.kind() == DatabaseKind.H2) {
			// H2 has no sleep function; a Java static method serves as one
			return """
					<changeSet id="%s" author="test">
						<sql>CREATE ALIAS IF NOT EXISTS PAUSE_MILLIS FOR 'java.lang.Thread.sleep'; CALL PAUSE_MILLIS(%d)</sql>
					</changeSet>"""
				.formatted(id, seconds * 1000);
		}
		String sql = (this.database.kind() == DatabaseKind.POSTGRESQL) ? "SELECT pg_sleep(" + seconds + ")"
				: "SELECT SLEEP(" + seconds + ")";
		return Changelogs.sql(id, sql);
	}

	private static String metric(int port, String name) {
		try {
			HttpResponse<String> response = HTTP
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/metrics/" + name))
					.timeout(Duration.ofSeconds(5))
					.build(), HttpResponse.BodyHandlers.ofString());
			return response.statusCode() + " " + response.body();
		}
		catch (Exception ex) {
			return ex.toString();
		}
	}

}
