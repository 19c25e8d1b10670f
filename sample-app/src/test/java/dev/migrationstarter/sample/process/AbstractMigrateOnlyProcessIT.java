package dev.migrationstarter.sample.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.migrationstarter.lock.DatabaseMigrationLock;
import dev.migrationstarter.lock.HeldMigrationLock;
import dev.migrationstarter.lock.LockSettings;
import dev.migrationstarter.lock.MigrationLock;
import dev.migrationstarter.sample.process.AppProcess.Result;
import dev.migrationstarter.testsupport.DatabaseKind;
import dev.migrationstarter.testsupport.DatabaseServer;
import dev.migrationstarter.testsupport.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * {@code java -jar sample-app.jar --migrate-only} as a real process against a real
 * database, run against each server database by a thin subclass.
 *
 * @author migration-starter
 */
abstract class AbstractMigrateOnlyProcessIT {

	private static final List<String> LATEST_RELEASE_CHANGE_SETS = List.of("v1-1-create-greeting", "v1-2-seed-greeting",
			"v2-1-add-greeting-language", "v2-2-seed-greeting-languages");

	@TempDir
	Path workDir;

	TestDatabase database;

	protected abstract DatabaseServer server();

	@BeforeEach
	void createDatabase() {
		this.database = server().createDatabase();
	}

	@Test
	void migratesTheBuiltInChangelogThenFindsNothingToDo() {
		Result first = migrate("first").run();
		assertThat(first.exitCode()).as(first.toString()).isZero();
		assertThat(first.output()).contains("4 changesets pending")
			.contains("[1/4] db/changelog/v1/greeting.xml::v1-1-create-greeting::sample applied in")
			.contains("[4/4] db/changelog/v2/greeting-language.xml::v2-2-seed-greeting-languages::sample applied in");
		assertThat(first.lastLine()).contains("Migration finished (exit code 0): 4 changesets applied");
		assertThat(this.database.appliedChangeSetIds()).containsExactlyElementsOf(LATEST_RELEASE_CHANGE_SETS);
		assertThat(this.database.jdbc().queryForObject("SELECT COUNT(*) FROM migration_changelog_index", Integer.class))
			.as("the changelog index entry of the built-in changelog")
			.isOne();
		Result second = migrate("second").run();
		assertThat(second.exitCode()).as(second.toString()).isZero();
		assertThat(second.lastLine()).contains("Migration finished (exit code 0): 0 changesets applied");
		assertThat(this.database.jdbc().queryForObject("SELECT COUNT(*) FROM greeting", Integer.class)).isEqualTo(2);
	}

	@Test
	void exitsOneNamingTheFailedChangeSetAndKeepsTheChangeSetsBeforeIt() {
		String changelog = Changelogs.write(this.workDir.resolve("failing.xml"), Changelogs.createTable("1", "first"),
				Changelogs.sql("2-broken", "INSERT INTO no_such_table VALUES (1)"),
				Changelogs.createTable("3", "third"));
		Result result = migrate("failing").arg(changelog).run();
		assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
		assertThat(result.lastLine()).contains("Migration failed (exit code 1)")
			.contains("failing.xml::2-broken::test")
			.containsIgnoringCase("no_such_table")
			.contains("Next: fix the changeset");
		assertThat(this.database.appliedChangeSetIds()).containsExactly("1");
		assertThat(this.database.tableExists("third")).isFalse();
	}

	@Test
	void exitsWithLockTimeoutCodeWhenAnotherMigratorHoldsTheLock() {
		MigrationLock lock = new DatabaseMigrationLock(new LockSettings("migration_lock", "liquibase-migration",
				LockSettings.MINIMUM_LEASE, Duration.ZERO, Duration.ofSeconds(1)));
		try (HeldMigrationLock held = lock.acquire(this.database.dataSource())) {
			Result result = migrate("blocked").arg("--migration.lock.wait-timeout=2s").run();
			assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
			assertThat(result.lastLine()).contains("Migration failed (exit code 3)")
				.contains("Migration lock 'liquibase-migration' is still held by")
				.contains(sessionHolder())
				.contains("migration.lock.wait-timeout");
		}
		assertThat(this.database.appliedChangeSetIds()).isEmpty();
	}

	@Test
	void anUpToDateDatabaseNeedsNeitherTheLockNorTheUpdate() {
		assertThat(migrate("first").run().exitCode()).isZero();
		MigrationLock lock = new DatabaseMigrationLock(new LockSettings("migration_lock", "liquibase-migration",
				LockSettings.MINIMUM_LEASE, Duration.ZERO, Duration.ofSeconds(1)));
		try (HeldMigrationLock held = lock.acquire(this.database.dataSource())) {
			Result upToDate = migrate("up-to-date").arg("--migration.lock.wait-timeout=2s").run();
			assertThat(upToDate.exitCode()).as(upToDate.toString()).isZero();
			assertThat(upToDate.output()).contains("0 changesets pending; the database is up to date")
				.doesNotContain("Acquired migration lock");
			Result alwaysUpdating = migrate("always-updating").arg("--migration.lock.wait-timeout=2s")
				.arg("--migration.skip-when-up-to-date=false")
				.run();
			assertThat(alwaysUpdating.exitCode()).as("the update waits for the lock").isEqualTo(3);
		}
		assertThat(this.database.appliedChangeSetIds()).containsExactlyElementsOf(LATEST_RELEASE_CHANGE_SETS);
	}

	@Test
	void theUpToDateCheckComparesTheDatabaseWithTheChangelogIndexInsteadOfParsing() {
		assertThat(migrate("first").run().exitCode()).isZero();
		String kept = this.database.jdbc()
			.queryForObject("SELECT changesets FROM migration_changelog_index", String.class);
		String checksum = this.database.jdbc()
			.queryForObject("SELECT MD5SUM FROM DATABASECHANGELOG WHERE ID = 'v1-1-create-greeting'", String.class);
		assertThat(kept).contains(checksum);
		this.database.jdbc()
			.update("UPDATE migration_changelog_index SET changesets = ?",
					kept.replace(checksum, "9:00000000000000000000000000000000"));
		Result tampered = migrate("tampered").run();
		assertThat(tampered.exitCode()).as(tampered.toString()).isZero();
		assertThat(tampered.output()).as("the index entry, not a parse, said that an update is needed")
			.doesNotContain("the database is up to date")
			.contains("Acquired migration lock")
			.contains("0 changesets pending");
	}

	@Test
	void exitsFourWhenTheChangelogIsMissing() {
		Result result = migrate("missing")
			.arg("--spring.liquibase.change-log=file:" + this.workDir.resolve("absent.xml"))
			.run();
		assertThat(result.exitCode()).as(result.toString()).isEqualTo(4);
		assertThat(result.lastLine()).contains("Migration failed (exit code 4)").contains("absent.xml");
		assertThat(this.database.appliedChangeSetIds()).isEmpty();
	}

	@Test
	void exitsFourWhenTheChangelogIsMalformed() throws Exception {
		Path malformed = this.workDir.resolve("malformed.xml");
		Files.writeString(malformed, "<databaseChangeLog><changeSet id=\"1\" author=\"test\">");
		Result result = migrate("malformed").arg("--spring.liquibase.change-log=file:" + malformed).run();
		assertThat(result.exitCode()).as(result.toString()).isEqualTo(4);
		assertThat(result.lastLine()).contains("Migration failed (exit code 4)").contains("Changelog cannot be read");
		assertThat(this.database.appliedChangeSetIds()).isEmpty();
	}

	@Test
	void exitsFourWhenAnAppliedChangeSetWasEdited() {
		Path file = this.workDir.resolve("edited.xml");
		String changelog = Changelogs.write(file, Changelogs.createTable("1", "first"));
		assertThat(migrate("original").arg(changelog).run().exitCode()).isZero();
		Changelogs.write(file, Changelogs.createTable("1", "renamed"), Changelogs.createTable("2", "second"));
		Result result = migrate("edited").arg(changelog).run();
		assertThat(result.exitCode()).as(result.toString()).isEqualTo(4);
		assertThat(result.lastLine()).contains("Migration failed (exit code 4)")
			.contains("Changelog validation failed")
			.contains("never edit an applied changeset");
		assertThat(this.database.appliedChangeSetIds()).containsExactly("1");
		assertThat(this.database.tableExists("second")).isFalse();
	}

	@Test
	void exitsFourForADuplicateChangeSetIdWithoutCallingItAnEdit() {
		String changelog = Changelogs.write(this.workDir.resolve("duplicate.xml"), Changelogs.createTable("1", "first"),
				Changelogs.createTable("1", "second"));
		Result result = migrate("duplicate").arg(changelog).run();
		assertThat(result.exitCode()).as(result.toString()).isEqualTo(4);
		assertThat(result.lastLine()).contains("Migration failed (exit code 4)")
			.contains("duplicate identifiers")
			.contains("give each changeset a unique id")
			.doesNotContain("never edit");
		assertThat(result.output()).doesNotContain("stack trace above");
		assertThat(this.database.tableExists("first")).isFalse();
	}

	@Test
	void anEnvironmentVariableThatAChangeSetRefersToIsPartOfTheChangelogIndexKey() throws IOException {
		// a directory of its own: the index key covers every file beside the changelog
		Path directory = Files.createDirectories(this.workDir.resolve("env"));
		String changelog = Changelogs.write(directory.resolve("env.xml"), """
				<changeSet id="1" author="test">
					<createTable tableName="env_value">
						<column name="value" type="VARCHAR(40)"/>
					</createTable>
				</changeSet>
				<changeSet id="2" author="test" runOnChange="true">
					<delete tableName="env_value"/>
					<insert tableName="env_value"><column name="value" value="${CHANGELOG_TEST_VALUE}"/></insert>
				</changeSet>""");
		Result first = migrate("env-first").arg(changelog).env("CHANGELOG_TEST_VALUE", "first").run();
		assertThat(first.exitCode()).as(first.toString()).isZero();
		Result same = migrate("env-same").arg(changelog)
			.arg("--logging.level.dev.migrationstarter.liquibase.status=debug")
			.env("CHANGELOG_TEST_VALUE", "first")
			.run();
		assertThat(same.exitCode()).as(same.toString()).isZero();
		assertThat(same.output()).contains("taken from the changelog index").contains("0 changesets pending");
		Result changed = migrate("env-changed").arg(changelog).env("CHANGELOG_TEST_VALUE", "second").run();
		assertThat(changed.exitCode()).as(changed.toString()).isZero();
		assertThat(changed.output()).doesNotContain("0 changesets pending");
		assertThat(this.database.jdbc().queryForObject("SELECT value FROM env_value", String.class))
			.isEqualTo("second");
	}

	@Test
	void exitsFiveWhenNothingListensOnThePort() {
		Result result = AppProcess.sampleJar(this.workDir, "--migrate-only")
			.named("closed-port")
			.env("SPRING_DATASOURCE_URL", server().closedPortUrl())
			.env("SPRING_DATASOURCE_USERNAME", "nobody")
			.env("SPRING_DATASOURCE_PASSWORD", "closed-port-secret")
			.run();
		assertThat(result.exitCode()).as(result.toString()).isEqualTo(5);
		assertThat(result.lastLine()).contains("Migration failed (exit code 5)").contains("Cannot connect to");
		assertThat(result.output()).doesNotContain("closed-port-secret");
	}

	@Test
	void exitsFiveWhenTheLoginIsRefused() {
		String password = "refused-" + UUID.randomUUID();
		Result result = AppProcess.sampleJar(this.workDir, "--migrate-only")
			.named("refused")
			.env("SPRING_DATASOURCE_URL", this.database.jdbcUrl())
			.env("SPRING_DATASOURCE_USERNAME", "no_such_user")
			.env("SPRING_DATASOURCE_PASSWORD", password)
			.run();
		assertThat(result.exitCode()).as(result.toString()).isEqualTo(5);
		assertThat(result.lastLine()).contains("Migration failed (exit code 5)").contains("no_such_user");
		assertThat(result.output()).doesNotContain(password);
		assertThat(this.database.appliedChangeSetIds()).isEmpty();
	}

	@Test
	void neverPrintsAPasswordOfAnyUrlFormWhenTheLoginIsRefused() {
		assertNoPasswordPrinted(this.database.jdbcUrl(), "refused");
	}

	@Test
	void neverPrintsAPasswordOfAnyUrlFormWhenNothingListensOnThePort() {
		assertNoPasswordPrinted(server().closedPortUrl(), "closed");
	}

	private void assertNoPasswordPrinted(String url, String name) {
		String secret = "s3cret" + UUID.randomUUID().toString().substring(0, 8);
		String user = "no_such_user";
		String separator = url.contains("?") ? "&" : "?";
		Map<String, String> forms = new LinkedHashMap<>();
		forms.put("user-info", url.replace("//", "//" + user + ":" + secret + "@"));
		forms.put("query", url + separator + "user=" + user + "&password=" + secret);
		forms.put("semicolon", url + ";password=" + secret);
		List<AppProcess> processes = new ArrayList<>();
		forms.forEach((form, formUrl) -> {
			processes.add(AppProcess.sampleJar(this.workDir, "--migrate-only")
				.named(name + "-" + form)
				.env("SPRING_DATASOURCE_URL", formUrl)
				.env("SPRING_DATASOURCE_USERNAME", user)
				.build());
			processes.add(AppProcess.sampleJar(this.workDir, "--migration-status")
				.named(name + "-" + form + "-status")
				.env("SPRING_DATASOURCE_URL", formUrl)
				.env("SPRING_DATASOURCE_USERNAME", user)
				.build());
		});
		for (int i = 0; i < processes.size(); i += 2) {
			processes.get(i).start();
			processes.get(i + 1).start();
			for (AppProcess process : processes.subList(i, i + 2)) {
				Result result = process.awaitExit();
				assertThat(result.exitCode()).as(result.toString()).isEqualTo(5);
				assertThat(result.lastLine()).as(result.toString()).contains("(exit code 5)");
				assertThat(result.output()).as(result.toString()).doesNotContain(secret);
			}
		}
	}

	@Test
	void aTableNameWithAStatementInItIsRefusedBeforeAnySqlRuns() {
		this.database.jdbc().execute("CREATE TABLE victim (id INT)");
		String injected = "t (name VARCHAR(64)); drop table victim; create table t2 (name VARCHAR(64))";
		Result lock = migrate("injected-lock").arg("--migration.lock.table-name=" + injected).run();
		assertThat(lock.exitCode()).as(lock.toString()).isEqualTo(1);
		assertThat(lock.output())
			.contains("migration.lock.table-name must be a table name, optionally schema-qualified");
		Result index = migrate("injected-index").arg("--migration.changelog-index.table-name=" + injected).run();
		assertThat(index.exitCode()).as(index.toString()).isEqualTo(1);
		assertThat(index.output())
			.contains("migration.changelog-index.table-name must be a table name, optionally schema-qualified");
		assertThat(this.database.tableExists("victim")).isTrue();
		assertThat(this.database.tableExists("t2")).isFalse();
	}

	@Test
	void eightMigratorsStartedTogetherOnAFreshDatabaseApplyEachChangeSetOnceAndAllExitZero() {
		String changelog = Changelogs.write(this.workDir.resolve("shared.xml"), Changelogs.createTable("1", "counter"),
				Changelogs.insert("2", "counter", 1), Changelogs.sql("3-slow", sleepSql(2)),
				Changelogs.insert("4", "counter", 2));
		TestDatabase alone = server().createDatabase();
		Result single = AppProcess.sampleJar(this.workDir, "--migrate-only", changelog)
			.named("alone")
			.database(alone)
			.run();
		assertThat(single.exitCode()).as(single.toString()).isZero();
		List<AppProcess> migrators = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			migrators.add(migrate("migrator-" + i).arg(changelog).build());
		}
		long started = System.nanoTime();
		migrators.forEach(AppProcess::start);
		for (AppProcess migrator : migrators) {
			Result result = migrator.awaitExit();
			assertThat(result.exitCode()).as(result.toString()).isZero();
		}
		Duration eight = Duration.ofNanos(System.nanoTime() - started);
		System.out.println(server().kind() + ": eight migrators together " + eight.toMillis() + " ms, one alone "
				+ single.elapsed().toMillis() + " ms");
		assertThat(this.database.appliedChangeSetIds()).containsExactly("1", "2", "3-slow", "4");
		assertThat(this.database.jdbc().queryForObject("SELECT COUNT(*) FROM counter", Integer.class)).isEqualTo(2);
		long appliedBySomeone = migrators.stream().filter((m) -> m.output().contains("4 changesets applied")).count();
		assertThat(appliedBySomeone).isOne();
	}

	@Test
	void aFrozenMigratorIsNeverOvertakenAndEveryChangeSetRunsOnce() {
		String changelog = Changelogs.write(this.workDir.resolve("frozen.xml"), Changelogs.createTable("1", "counter"),
				Changelogs.sql("2-slow", "INSERT INTO counter (id) VALUES (1); " + sleepSql(6)),
				Changelogs.insert("3", "counter", 2));
		AppProcess frozen = migrate("frozen").arg(changelog)
			.arg("--migration.lock.lease=30s")
			.arg("--migration.progress.heartbeat-interval=1s")
			.start();
		frozen.awaitCondition("the slow changeset to start", Duration.ofSeconds(60),
				() -> frozen.output().contains("2-slow::test still running"));
		frozen.signal("STOP");
		long stoppedAt = System.nanoTime();
		AppProcess successor = migrate("successor").arg(changelog).arg("--migration.lock.lease=30s").start();
		try {
			successor.awaitCondition("the successor to wait for the lock", Duration.ofSeconds(60),
					() -> successor.output().contains("is held by"));
			Duration longerThanTheLease = Duration.ofSeconds(30 + 5);
			while (System.nanoTime() - stoppedAt < longerThanTheLease.toNanos()) {
				assertThat(successor.output()).as("the successor while the holder is frozen")
					.doesNotContain("Acquired migration lock")
					.doesNotContain("Releasing");
				assertThat(successor.isAlive()).as(successor.output()).isTrue();
				pollPause();
			}
		}
		finally {
			frozen.signal("CONT");
		}
		Result first = frozen.awaitExit();
		Result second = successor.awaitExit();
		assertThat(first.exitCode()).as(first.toString()).isZero();
		assertThat(second.exitCode()).as(second.toString()).isZero();
		assertThat(this.database.appliedChangeSetIds()).containsExactly("1", "2-slow", "3");
		assertThat(this.database.jdbc().queryForList("SELECT id FROM counter ORDER BY id", Long.class))
			.containsExactly(1L, 2L);
	}

	@Test
	void aMigratorKilledMidChangeSetFreesTheLockAtOnce() {
		Path file = this.workDir.resolve("slow.xml");
		String changelog = Changelogs.write(file, Changelogs.createTable("1", "before_slow"),
				Changelogs.sql("2-slow", sleepSql(120)));
		AppProcess killed = migrate("killed").arg(changelog).arg("--migration.progress.heartbeat-interval=1s").start();
		killed.awaitCondition("the slow changeset to start", Duration.ofSeconds(60),
				() -> killed.output().contains("2-slow::test still running"));
		killed.kill();
		assertThat(liquibaseLockIsHeld()).as("a killed migrator leaves DATABASECHANGELOGLOCK held").isTrue();
		Changelogs.write(file, Changelogs.createTable("1", "before_slow"), Changelogs.sql("2-slow", sleepSql(0)));
		Result next = migrate("next").arg(changelog).run();
		System.out.println(server().kind() + ": from SIGKILL to the successor's exit " + next.elapsed().toMillis()
				+ " ms (start-up and work included)");
		assertThat(next.exitCode()).as(next.toString()).isZero();
		assertThat(next.output()).containsPattern(
				"Releasing Liquibase changelog lock held by .* its database session " + "\\S+ no longer exists");
		assertThat(next.elapsed()).as("no lease to wait for").isLessThan(Duration.ofSeconds(45));
		assertThat(this.database.appliedChangeSetIds()).containsExactly("1", "2-slow");
	}

	@Test
	void sigtermStopsARunningMigratorWithALastLineThatMatchesItsExitCode() {
		Path file = this.workDir.resolve("term.xml");
		String changelog = Changelogs.write(file, Changelogs.createTable("1", "before_term"),
				Changelogs.sql("2-slow", sleepSql(120)));
		AppProcess stopped = migrate("sigterm").arg(changelog)
			.arg("--migration.progress.heartbeat-interval=1s")
			.start();
		stopped.awaitCondition("the slow changeset to start", Duration.ofSeconds(60),
				() -> stopped.output().contains("2-slow::test still running"));
		stopped.signal("TERM");
		Result result = stopped.awaitExit();
		assertThat(result.exitCode()).as(result.toString()).isEqualTo(143);
		assertThat(result.lastLine()).contains("Stopped (exit code 143)")
			.contains("(SIGTERM) during --migrate-only")
			.contains("Next: run --migrate-only again");
		Changelogs.write(file, Changelogs.createTable("1", "before_term"), Changelogs.sql("2-slow", sleepSql(0)));
		Result next = migrate("after-sigterm").arg(changelog).run();
		assertThat(next.exitCode()).as(next.toString()).isZero();
		assertThat(this.database.appliedChangeSetIds()).containsExactly("1", "2-slow");
	}

	@Test
	void sigtermEndsAWaitingMigratorAtOnce() {
		String changelog = Changelogs.write(this.workDir.resolve("held.xml"), Changelogs.createTable("1", "held"),
				Changelogs.sql("2-slow", sleepSql(120)));
		AppProcess holder = migrate("holder").arg(changelog).arg("--migration.progress.heartbeat-interval=1s").start();
		try {
			holder.awaitCondition("the slow changeset to start", Duration.ofSeconds(60),
					() -> holder.output().contains("2-slow::test still running"));
			AppProcess waiting = migrate("waiting").arg(changelog).start();
			waiting.awaitCondition("the wait for the lock", Duration.ofSeconds(60),
					() -> waiting.output().contains("waiting up to"));
			long signalled = System.nanoTime();
			waiting.signal("TERM");
			Result result = waiting.awaitExit();
			assertThat(Duration.ofNanos(System.nanoTime() - signalled)).isLessThan(Duration.ofSeconds(10));
			assertThat(result.exitCode()).as(result.toString()).isEqualTo(143);
			assertThat(result.lastLine()).contains("Stopped (exit code 143)");
		}
		finally {
			holder.kill();
		}
	}

	@Test
	void aConnectionKilledMidChangeSetExitsFiveAndTheNextRunCompletes() {
		Path file = this.workDir.resolve("cut.xml");
		String changelog = Changelogs.write(file, Changelogs.createTable("1", "before_cut"),
				Changelogs.sql("2-slow", sleepSql(120)));
		AppProcess cut = migrate("cut").arg(changelog).arg("--migration.progress.heartbeat-interval=1s").start();
		cut.awaitCondition("the slow changeset to start", Duration.ofSeconds(60),
				() -> cut.output().contains("2-slow::test still running"));
		killSessionRunning(sleepSql(120));
		Result result = cut.awaitExit();
		assertThat(result.exitCode()).as(result.toString()).isEqualTo(5);
		assertThat(result.lastLine()).contains("Migration failed (exit code 5)")
			.contains("Lost the database connection while running changeset")
			.doesNotContain("fix the changeset");
		Changelogs.write(file, Changelogs.createTable("1", "before_cut"), Changelogs.sql("2-slow", sleepSql(0)));
		Result next = migrate("after-cut").arg(changelog).run();
		assertThat(next.exitCode()).as(next.toString()).isZero();
		assertThat(this.database.appliedChangeSetIds()).containsExactly("1", "2-slow");
	}

	@Test
	void aLiquibaseChangelogLockOfAnotherLiquibaseIsWaitedForAndNamedButNeverBroken() {
		assertThat(migrate("first").run().exitCode()).isZero();
		this.database.jdbc()
			.update("UPDATE DATABASECHANGELOGLOCK SET LOCKED = ?, LOCKEDBY = ?, LOCKGRANTED = CURRENT_TIMESTAMP WHERE ID = 1",
					true, "app-pod-7f9c (10.0.0.7)");
		Result result = migrate("blocked-by-liquibase").arg("--migration.lock.wait-timeout=3s").run();
		assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
		assertThat(result.output()).contains("Liquibase changelog lock is held by app-pod-7f9c (10.0.0.7)")
			.doesNotContain("Releasing");
		assertThat(result.lastLine()).contains("(exit code 3)").contains("app-pod-7f9c");
		assertThat(liquibaseLockIsHeld()).isTrue();
	}

	@Test
	void aWaitForLiquibasesChangelogLockCountsAsLockWait() {
		assertThat(migrate("release-1").arg("--sample.release=1").run().exitCode()).isZero();
		this.database.jdbc()
			.update("UPDATE DATABASECHANGELOGLOCK SET LOCKED = ?, LOCKEDBY = ?, LOCKGRANTED = CURRENT_TIMESTAMP WHERE ID = 1",
					true, "app-pod-7f9c (10.0.0.7)");
		AppProcess waiting = migrate("waits-for-liquibase").start();
		waiting.awaitCondition("the wait for Liquibase's lock", Duration.ofSeconds(60),
				() -> waiting.output().contains("Liquibase changelog lock is held by app-pod-7f9c"));
		long held = System.nanoTime();
		this.database.jdbc()
			.update("UPDATE DATABASECHANGELOGLOCK SET LOCKED = ?, LOCKEDBY = NULL, LOCKGRANTED = NULL WHERE ID = 1",
					false);
		Result result = waiting.awaitExit();
		assertThat(result.exitCode()).as(result.toString()).isZero();
		Matcher lockWait = Pattern.compile("lock wait (\\d+\\.\\d) s").matcher(result.lastLine());
		assertThat(lockWait.find()).as(result.lastLine()).isTrue();
		assertThat(Double.parseDouble(lockWait.group(1))).as(result.lastLine()).isGreaterThan(0.0);
		assertThat(Duration.ofNanos(System.nanoTime() - held)).isLessThan(Duration.ofSeconds(30));
		assertThat(this.database.appliedChangeSetIds()).containsExactlyElementsOf(LATEST_RELEASE_CHANGE_SETS);
	}

	@Test
	void aLiquibaseChangelogLockMarkedWithALiveSessionIsNeverBroken() throws SQLException {
		assertThat(migrate("first").run().exitCode()).isZero();
		try (Connection live = this.database.dataSource().getConnection()) {
			String session = sessionIdOf(live);
			this.database.jdbc()
				.update("UPDATE DATABASECHANGELOGLOCK SET LOCKED = ?, LOCKEDBY = ?, LOCKGRANTED = CURRENT_TIMESTAMP WHERE ID = 1",
						true, "live-host migration-starter session " + session);
			Result result = migrate("blocked-by-live-session").arg("--migration.lock.wait-timeout=3s").run();
			assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
			assertThat(result.output()).contains("database session " + session + " is alive")
				.doesNotContain("Releasing");
		}
		assertThat(liquibaseLockIsHeld()).isTrue();
	}

	@Test
	void aLiquibaseChangelogLockMarkedWithAGoneSessionIsReleasedAndLogged() {
		assertThat(migrate("first").run().exitCode()).isZero();
		String gone = (server().kind() == DatabaseKind.POSTGRESQL) ? "pg-2147483000-1" : "mariadb-4000000000";
		this.database.jdbc()
			.update("UPDATE DATABASECHANGELOGLOCK SET LOCKED = ?, LOCKEDBY = ?, LOCKGRANTED = CURRENT_TIMESTAMP WHERE ID = 1",
					true, "dead-pod-7f9c migration-starter session " + gone);
		Result result = migrate("after-dead-session").run();
		assertThat(result.exitCode()).as(result.toString()).isZero();
		assertThat(result.output()).contains("Releasing Liquibase changelog lock held by dead-pod-7f9c")
			.contains("its database session " + gone + " no longer exists");
		assertThat(liquibaseLockIsHeld()).isFalse();
	}

	@Test
	void migratesWithSeparateSchemaOwnerCredentialsAndNeverPrintsAPassword() {
		String ownerPassword = "owner-" + UUID.randomUUID();
		String runtimePassword = "runtime-" + UUID.randomUUID();
		String suffix = Long.toHexString(System.nanoTime());
		TestDatabase owner = server().createSchemaOwnerLogin(this.database, "mt_owner_" + suffix, ownerPassword);
		TestDatabase runtime = server().createRuntimeLogin(this.database, "mt_app_" + suffix, runtimePassword);
		assertThatException().as("the runtime login may not create tables")
			.isThrownBy(() -> runtime.jdbc().execute("CREATE TABLE forbidden (id INT)"));
		Result result = AppProcess.sampleJar(this.workDir, "--migrate-only")
			.named("separate-credentials")
			.database(runtime)
			.env("SPRING_LIQUIBASE_USER", owner.username())
			.env("SPRING_LIQUIBASE_PASSWORD", ownerPassword)
			.run();
		assertThat(result.exitCode()).as(result.toString()).isZero();
		assertThat(result.output()).doesNotContain(ownerPassword).doesNotContain(runtimePassword);
		assertThat(this.database.appliedChangeSetIds()).containsExactlyElementsOf(LATEST_RELEASE_CHANGE_SETS);
	}

	private AppProcess.Builder migrate(String name) {
		return AppProcess.sampleJar(this.workDir, "--migrate-only").named(name).database(this.database);
	}

	private boolean liquibaseLockIsHeld() {
		Boolean locked = this.database.jdbc()
			.queryForObject("SELECT LOCKED FROM DATABASECHANGELOGLOCK WHERE ID = 1", Boolean.class);
		return Boolean.TRUE.equals(locked);
	}

	private String sessionHolder() {
		return (server().kind() == DatabaseKind.POSTGRESQL) ? "database session pid" : "database connection";
	}

	private String sessionIdOf(Connection connection) throws SQLException {
		boolean postgres = server().kind() == DatabaseKind.POSTGRESQL;
		try (Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery(postgres
						? "SELECT pid, (extract(epoch FROM backend_start) * 1000)::bigint FROM pg_stat_activity WHERE pid = pg_backend_pid()"
						: "SELECT CONNECTION_ID()")) {
			result.next();
			return postgres ? "pg-" + result.getLong(1) + "-" + result.getLong(2) : "mariadb-" + result.getLong(1);
		}
	}

	private void killSessionRunning(String statement) {
		JdbcTemplate admin = this.database.jdbc();
		if (server().kind() == DatabaseKind.POSTGRESQL) {
			List<Integer> pids = admin.queryForList(
					"SELECT pid FROM pg_stat_activity WHERE query LIKE ? "
							+ "AND datname = current_database() AND pid <> pg_backend_pid()",
					Integer.class, "%" + statement + "%");
			assertThat(pids).hasSize(1);
			admin.queryForObject("SELECT pg_terminate_backend(?)", Boolean.class, pids.get(0));
		}
		else {
			List<Long> ids = admin.queryForList(
					"SELECT ID FROM information_schema.PROCESSLIST WHERE INFO LIKE ? " + "AND ID <> CONNECTION_ID()",
					Long.class, "%" + statement + "%");
			assertThat(ids).hasSize(1);
			admin.execute("KILL " + ids.get(0));
		}
	}

	private static void pollPause() {
		try {
			TimeUnit.MILLISECONDS.sleep(200);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private String sleepSql(int seconds) {
		return (server().kind() == DatabaseKind.POSTGRESQL) ? "SELECT pg_sleep(" + seconds + ")"
				: "SELECT SLEEP(" + seconds + ")";
	}

}
