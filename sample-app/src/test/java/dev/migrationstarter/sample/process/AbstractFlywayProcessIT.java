package dev.migrationstarter.sample.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.migrationstarter.lock.DatabaseMigrationLock;
import dev.migrationstarter.lock.HeldMigrationLock;
import dev.migrationstarter.lock.LockSettings;
import dev.migrationstarter.lock.MigrationLock;
import dev.migrationstarter.sample.process.AppProcess.Result;
import dev.migrationstarter.testsupport.DatabaseKind;
import dev.migrationstarter.testsupport.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's Flyway twin (profile {@code flyway}) as real processes in every mode,
 * against each database by a thin subclass: the same exit codes and output shapes as the
 * Liquibase sample.
 *
 * @author migration-starter
 */
abstract class AbstractFlywayProcessIT {

	private static final List<String> LATEST_RELEASE_VERSIONS = List.of("1.1", "1.2", "2.1", "2.2");

	private static final Duration REFRESH_INTERVAL = Duration.ofSeconds(2);

	@TempDir
	Path workDir;

	TestDatabase database;

	protected abstract TestDatabase createDatabase(Path workDir);

	@BeforeEach
	void createDatabase() {
		this.database = createDatabase(this.workDir);
	}

	@Test
	void migratesBothReleasesThenFindsNothingToDo() {
		Result first = flyway("first", "--migrate-only").run();
		assertThat(first.exitCode()).as(first.toString()).isZero();
		assertThat(first.output()).contains("4 migrations pending")
			.contains("V1_1__create_greeting.sql")
			.contains("V2_2__seed_greeting_languages.sql");
		assertThat(first.lastLine()).contains("Migration finished (exit code 0): 4 migrations applied");
		assertThat(appliedVersions()).containsExactlyElementsOf(LATEST_RELEASE_VERSIONS);
		Result second = flyway("second", "--migrate-only").run();
		assertThat(second.exitCode()).as(second.toString()).isZero();
		assertThat(second.lastLine()).contains("Migration finished (exit code 0): 0 migrations applied");
		assertThat(this.database.jdbc().queryForObject("SELECT COUNT(*) FROM greeting", Integer.class)).isEqualTo(2);
	}

	@Test
	void aNormalStartMigratesNothingAndKeepsTheFlywayBean() throws Exception {
		AppProcess app = serve("serve").start();
		try {
			int port = app.awaitPort(Duration.ofSeconds(60));
			assertThat(AppProcess.httpStatus(port, "/actuator/health/liveness")).isEqualTo(200);
			assertThat(AppProcess.httpStatus(port, "/actuator/health/readiness")).isEqualTo(503);
			assertThat(AppProcess.httpStatus(port, "/actuator/flyway"))
				.as("Spring Boot's Flyway endpoint, over the kept bean")
				.isEqualTo(200);
		}
		finally {
			app.kill();
		}
		assertThat(this.database.tableExists("greeting")).isFalse();
	}

	@Test
	void isUnreadyWhileBehindAndReadyOnceMigrated() {
		AppProcess app = serve("serve").start();
		try {
			int port = app.awaitPort(Duration.ofSeconds(60));
			assertThat(AppProcess.httpStatus(port, "/actuator/health/readiness")).isEqualTo(503);
			Result migration = flyway("migrate", "--migrate-only").run();
			assertThat(migration.exitCode()).as(migration.toString()).isZero();
			app.awaitCondition("readiness to answer 200", REFRESH_INTERVAL.plusSeconds(5),
					() -> AppProcess.httpStatus(port, "/actuator/health/readiness") == 200);
		}
		finally {
			app.kill();
		}
	}

	@Test
	void theOldReleaseStaysReadyWhenTheNewOneMigratedAhead() {
		assertThat(flyway("migrate", "--migrate-only").run().exitCode()).isZero();
		AppProcess old = serve("serve-old").arg("--sample.release=1").start();
		try {
			int port = old.awaitPort(Duration.ofSeconds(60));
			old.awaitCondition("readiness to answer 200", Duration.ofSeconds(10),
					() -> AppProcess.httpStatus(port, "/actuator/health/readiness") == 200);
		}
		finally {
			old.kill();
		}
		Result status = flyway("status-old", "--migration-status").arg("--sample.release=1").run();
		assertThat(status.exitCode()).as(status.toString()).isZero();
		assertThat(status.lastLine()).contains("up to date").contains("ahead by 2");
	}

	@Test
	void statusExitsTwoListingThePendingMigrationsThenZeroOnceMigrated() {
		Result pending = flyway("pending", "--migration-status").run();
		assertThat(pending.exitCode()).as(pending.toString()).isEqualTo(2);
		assertThat(pending.output()).contains("Flyway 'flyway': 4 pending, 0 applied, 0 unknown")
			.contains("V2_1__add_greeting_language.sql");
		assertThat(pending.lastLine()).contains("Migration status (exit code 2): 4 migrations are pending");
		assertThat(this.database.tableExists(quoted("flyway_schema_history"))).as("the status check writes nothing")
			.isFalse();
		assertThat(flyway("migrate", "--migrate-only").run().exitCode()).isZero();
		Result upToDate = flyway("up-to-date", "--migration-status").run();
		assertThat(upToDate.exitCode()).as(upToDate.toString()).isZero();
		assertThat(upToDate.output()).contains("Flyway 'flyway': 0 pending, 4 applied, 0 unknown");
	}

	@Test
	void awaitSchemaExitsTwoAtItsTimeoutAndZeroOnceMigrated() {
		Result timedOut = flyway("await-behind", "--await-schema").arg("--migration.await.timeout=3s").run();
		assertThat(timedOut.exitCode()).as(timedOut.toString()).isEqualTo(2);
		assertThat(flyway("migrate", "--migrate-only").run().exitCode()).isZero();
		Result ready = flyway("await-done", "--await-schema").arg("--migration.await.timeout=10s").run();
		assertThat(ready.exitCode()).as(ready.toString()).isZero();
	}

	@Test
	void aDryRunPrintsTheSqlOfThePendingMigrationsAndAppliesNothing() {
		Result dryRun = flyway("dry-run", "--migrate-only").arg("--dry-run").separateStandardError().run();
		assertThat(dryRun.exitCode()).as(dryRun.toString()).isZero();
		assertThat(dryRun.standardOutput()).contains("V1_1__create_greeting.sql")
			.contains("CREATE TABLE greeting")
			.contains("ALTER TABLE greeting ADD language VARCHAR(35)")
			.contains("'Hallo von v2'");
		assertThat(this.database.tableExists("greeting")).isFalse();
		assertThat(this.database.tableExists(quoted("flyway_schema_history"))).isFalse();
	}

	@Test
	void exitsOneNamingTheFailedMigrationAndKeepsTheMigrationsBeforeIt() {
		Path migrations = migrations("failing", "V1__first.sql", "CREATE TABLE first_table (id INT);", "V2__broken.sql",
				"INSERT INTO no_such_table VALUES (1);", "V3__third.sql", "CREATE TABLE third_table (id INT);");
		Result result = flyway("failing", "--migrate-only").arg(locations(migrations)).run();
		assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
		assertThat(result.lastLine()).contains("Migration failed (exit code 1)")
			.contains("V2__broken.sql")
			.containsIgnoringCase("no_such_table");
		assertThat(appliedVersions()).containsExactly("1");
		assertThat(this.database.tableExists("third_table")).isFalse();
	}

	@Test
	void exitsFourWhenAnAppliedMigrationWasEdited() {
		Path migrations = migrations("edited", "V1__first.sql", "CREATE TABLE first_table (id INT);");
		assertThat(flyway("original", "--migrate-only").arg(locations(migrations)).run().exitCode()).isZero();
		write(migrations.resolve("V1__first.sql"), "CREATE TABLE first_table (id INT, name VARCHAR(10));");
		write(migrations.resolve("V2__second.sql"), "CREATE TABLE second_table (id INT);");
		Result result = flyway("edited", "--migrate-only").arg(locations(migrations)).run();
		assertThat(result.exitCode()).as(result.toString()).isEqualTo(4);
		assertThat(result.lastLine()).contains("Migration failed (exit code 4)").contains("V1__first.sql");
		assertThat(this.database.tableExists("second_table")).isFalse();
		Result status = flyway("edited-status", "--migration-status").arg(locations(migrations)).run();
		assertThat(status.exitCode()).as(status.toString()).isEqualTo(4);
	}

	@Test
	void exitsWithLockTimeoutCodeWhenAnotherMigratorHoldsTheLock() {
		MigrationLock lock = new DatabaseMigrationLock(new LockSettings("migration_lock", "liquibase-migration",
				LockSettings.MINIMUM_LEASE, Duration.ZERO, Duration.ofSeconds(1)));
		try (HeldMigrationLock held = lock.acquire(this.database.dataSource())) {
			Result result = flyway("blocked", "--migrate-only").arg("--migration.lock.wait-timeout=2s").run();
			assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
			assertThat(result.lastLine()).contains("Migration failed (exit code 3)")
				.contains("migration.lock.wait-timeout");
		}
		assertThat(this.database.tableExists("greeting")).isFalse();
	}

	@Test
	void exitsFiveWhenNothingListensOnThePort() {
		Result result = AppProcess.sampleJar(this.workDir, "--migrate-only", "--spring.profiles.active=flyway")
			.named("unavailable")
			.env("SPRING_DATASOURCE_URL", closedPortUrl())
			.env("SPRING_DATASOURCE_USERNAME", "nobody")
			.env("SPRING_DATASOURCE_PASSWORD", "")
			.run();
		assertThat(result.exitCode()).as(result.toString()).isEqualTo(5);
		assertThat(result.lastLine()).contains("exit code 5");
	}

	@Test
	void honoursOutOfOrderAndTheHistoryTableName() {
		Path migrations = migrations("out-of-order", "V1__first.sql", "CREATE TABLE first_table (id INT);",
				"V3__third.sql", "CREATE TABLE third_table (id INT);");
		assertThat(flyway("first", "--migrate-only").arg(locations(migrations))
			.arg("--spring.flyway.table=app_history")
			.run()
			.exitCode()).isZero();
		write(migrations.resolve("V2__second.sql"), "CREATE TABLE second_table (id INT);");
		Result refused = flyway("in-order", "--migration-status").arg(locations(migrations))
			.arg("--spring.flyway.table=app_history")
			.run();
		assertThat(refused.exitCode()).as("an ignored out-of-order migration is named: " + refused).isNotEqualTo(0);
		Result outOfOrder = flyway("out-of-order", "--migrate-only").arg(locations(migrations))
			.arg("--spring.flyway.table=app_history")
			.arg("--spring.flyway.out-of-order=true")
			.run();
		assertThat(outOfOrder.exitCode()).as(outOfOrder.toString()).isZero();
		assertThat(outOfOrder.lastLine()).contains("1 migration applied");
		assertThat(this.database.tableExists("second_table")).isTrue();
		assertThat(this.database.tableExists(quoted("flyway_schema_history"))).isFalse();
	}

	@Test
	void fourMigratorsStartedTogetherApplyEachMigrationOnceAndAllExitZero() {
		Path migrations = migrations("shared", "V1__counter.sql", "CREATE TABLE counter (id INT);", "V2__one.sql",
				"INSERT INTO counter (id) VALUES (1);", "V3__slow.sql", sleepSql(2) + ";", "V4__two.sql",
				"INSERT INTO counter (id) VALUES (2);");
		List<AppProcess> migrators = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			migrators.add(flyway("migrator-" + i, "--migrate-only").arg(locations(migrations)).start());
		}
		for (AppProcess migrator : migrators) {
			Result result = migrator.awaitExit();
			assertThat(result.exitCode()).as(result.toString()).isZero();
		}
		assertThat(appliedVersions()).containsExactly("1", "2", "3", "4");
		assertThat(this.database.jdbc().queryForObject("SELECT COUNT(*) FROM counter", Integer.class)).isEqualTo(2);
		assertThat(migrators.stream().filter((m) -> m.output().contains("4 migrations applied")).count()).isOne();
	}

	/**
	 * A migrator killed inside a migration's statement; run by the server databases,
	 * whose session lock the database frees.
	 */
	protected void killMidMigrationThenMigrateAgain() {
		Path migrations = migrations("slow", "V1__before_slow.sql", "CREATE TABLE before_slow (id INT);",
				"V2__slow.sql", sleepSql(120) + ";");
		AppProcess killed = flyway("killed", "--migrate-only").arg(locations(migrations))
			.arg("--migration.progress.heartbeat-interval=1s")
			.start();
		killed.awaitCondition("the slow migration to start", Duration.ofSeconds(60),
				() -> killed.output().contains("V2__slow.sql still running"));
		killed.kill();
		write(migrations.resolve("V2__slow.sql"), sleepSql(0) + ";");
		Result next = flyway("next", "--migrate-only").arg(locations(migrations)).run();
		System.out.println(this.database.kind() + " (Flyway): from SIGKILL to the successor's exit "
				+ next.elapsed().toMillis() + " ms (start-up and work included)");
		assertThat(next.exitCode()).as(next.toString()).isZero();
		assertThat(next.elapsed()).as("no lease to wait for").isLessThan(Duration.ofSeconds(45));
		assertThat(appliedVersions()).containsExactly("1", "2");
	}

	private AppProcess.Builder flyway(String name, String mode) {
		return AppProcess.sampleJar(this.workDir, mode, "--spring.profiles.active=flyway")
			.named(name)
			.database(this.database);
	}

	private AppProcess.Builder serve(String name) {
		return flyway(name, "--server.port=0")
			.arg("--migration.readiness.refresh-interval=" + REFRESH_INTERVAL.toSeconds() + "s");
	}

	private List<String> appliedVersions() {
		return this.database.jdbc()
			.queryForList("SELECT " + quoted("version") + " FROM " + quoted("flyway_schema_history") + " WHERE "
					+ quoted("success") + " = " + trueLiteral() + " AND " + quoted("version") + " IS NOT NULL ORDER BY "
					+ quoted("installed_rank"), String.class);
	}

	// Flyway quotes the names of its history table and columns on H2, in lower case
	private String quoted(String identifier) {
		return (this.database.kind() == DatabaseKind.H2) ? "\"" + identifier + "\"" : identifier;
	}

	private String trueLiteral() {
		return (this.database.kind() == DatabaseKind.MARIADB) ? "1" : "TRUE";
	}

	private String sleepSql(int seconds) {
		return switch (this.database.kind()) {
			case POSTGRESQL -> "SELECT pg_sleep(" + seconds + ")";
			case MARIADB -> "SELECT SLEEP(" + seconds + ")";
			case H2 -> "SELECT " + seconds;
		};
	}

	private String closedPortUrl() {
		return switch (this.database.kind()) {
			case POSTGRESQL -> "jdbc:postgresql://127.0.0.1:1/nothing";
			case MARIADB -> "jdbc:mariadb://127.0.0.1:1/nothing";
			case H2 -> "jdbc:h2:tcp://127.0.0.1:1/nothing";
		};
	}

	private Path migrations(String folder, String... namesAndScripts) {
		Path directory = this.workDir.resolve(folder);
		try {
			Files.createDirectories(directory);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		for (int i = 0; i < namesAndScripts.length; i += 2) {
			write(directory.resolve(namesAndScripts[i]), namesAndScripts[i + 1]);
		}
		return directory;
	}

	private static String locations(Path migrations) {
		return "--spring.flyway.locations=filesystem:" + migrations;
	}

	private static void write(Path file, String content) {
		try {
			Files.writeString(file, content + "\n");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
