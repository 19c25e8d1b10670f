package dev.migrationstarter.sample.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.migrationstarter.sample.process.AppProcess.Result;
import dev.migrationstarter.testsupport.DatabaseServer;
import dev.migrationstarter.testsupport.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lock timeouts of the zero-downtime guard for Flyway migrations, as real processes
 * of the sample jar's Flyway profile on PostgreSQL: a long transaction holds a table that
 * the running version queries all the time, and a release's migration alters the table.
 *
 * @author migration-starter
 */
class PostgresFlywayLockTimeoutProcessIT {

	private static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(5);

	private static final Pattern RETRY = Pattern.compile("hit the lock timeout \\([^)]*, attempt \\d+\\)");

	private static final String SESSION_ID_QUERY = "select pg_backend_pid()";

	@TempDir
	Path workDir;

	private Path migrations;

	private TestDatabase database;

	@BeforeEach
	void migrateReleaseOne() throws IOException {
		this.database = DatabaseServer.postgres().createDatabase();
		this.migrations = Files.createDirectories(this.workDir.resolve("migrations"));
		Files.writeString(this.migrations.resolve("V1__create_busy.sql"),
				"create table busy (id bigint primary key, name varchar(20));\n"
						+ "insert into busy (id, name) values (1, 'one'), (2, 'two');\n");
		Result migrated = flyway("release-1").run();
		assertThat(migrated.exitCode()).as(migrated.toString()).isZero();
	}

	@Test
	void withTheDefaultsNoQueryWaitsLongerThanTheLockTimeoutAndTheMigrationRetriesUntilTheTransactionEnds()
			throws IOException {
		writeReleaseTwo();
		try (LongTransaction transaction = LongTransaction.reading(this.database, "busy", SESSION_ID_QUERY);
				QueryStream queries = QueryStream.start(this.database, "select count(*) from busy")) {
			AppProcess migration = flyway("guarded").start();
			migration.awaitCondition("two retries", Duration.ofMinutes(2), () -> retries(migration.output()) >= 2);
			transaction.end();
			Result result = migration.awaitExit();
			assertThat(result.exitCode()).as(result.toString()).isZero();
			assertThat((Object) queries.failure()).isNull();
			assertThat(queries.longestWait()).isLessThan(DEFAULT_LOCK_TIMEOUT.plusSeconds(1));
			assertThat(result.output()).contains("Each migration waits at most 5.0 s for a lock")
				.contains("Migration V2__add_note.sql hit the lock timeout (5.0 s, attempt 1); blocked by pid "
						+ transaction.sessionId())
				.contains("nothing of it was applied, so it runs again in ");
		}
		assertThat(columns()).contains("note");
		assertThat(appliedVersions()).containsExactly("1", "2");
	}

	@Test
	void whenTheRetryBudgetIsSpentNothingOfTheMigrationIsAppliedAndTheNextRunAppliesItOnce() throws IOException {
		writeReleaseTwo();
		try (LongTransaction transaction = LongTransaction.reading(this.database, "busy", SESSION_ID_QUERY)) {
			Result result = flyway("budget-spent").arg("--migration.guard.lock-timeout=1s")
				.arg("--migration.guard.lock-retry-budget=4s")
				.run();
			assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
			assertThat(result.lastLine())
				.contains("Migration failed (exit code 1): Migration V2__add_note.sql hit the lock timeout (1.0 s)")
				.contains("migration.guard.lock-retry-budget=4.0 s allows no further attempt")
				.contains("blocked by pid " + transaction.sessionId())
				.contains("nothing of it was applied")
				.contains("Next: end the blocking transaction named above");
			assertThat(result.output())
				.contains("A transaction older than migration.guard.lock-timeout (1.0 s) is open: pid "
						+ transaction.sessionId());
		}
		assertThat(columns()).doesNotContain("note");
		assertThat(appliedVersions()).containsExactly("1");
		assertThat(this.database.jdbc()
			.queryForObject("select count(*) from flyway_schema_history where version = '2'", Integer.class)).isZero();
		Result next = flyway("after-the-blocker").run();
		assertThat(next.exitCode()).as(next.toString()).isZero();
		assertThat(next.output()).doesNotContain("hit the lock timeout");
		assertThat(columns()).contains("note");
		assertThat(appliedVersions()).containsExactly("1", "2");
	}

	private void writeReleaseTwo() throws IOException {
		Files.writeString(this.migrations.resolve("V2__add_note.sql"),
				"alter table busy add column note varchar(20);\n");
	}

	private static int retries(String output) {
		Matcher matcher = RETRY.matcher(output);
		int count = 0;
		while (matcher.find()) {
			count++;
		}
		return count;
	}

	private List<String> columns() {
		return this.database.jdbc()
			.queryForList("select column_name from information_schema.columns where table_name = 'busy'", String.class);
	}

	private List<String> appliedVersions() {
		return this.database.jdbc()
			.queryForList("select version from flyway_schema_history where success and version is not null"
					+ " order by installed_rank", String.class);
	}

	private AppProcess.Builder flyway(String name) {
		return AppProcess.sampleJar(this.workDir, "--migrate-only", "--spring.profiles.active=flyway")
			.named(name)
			.database(this.database)
			.arg("--spring.flyway.locations=filesystem:" + this.migrations)
			.separateStandardError();
	}

}
