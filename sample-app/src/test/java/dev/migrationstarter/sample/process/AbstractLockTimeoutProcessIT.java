package dev.migrationstarter.sample.process;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.migrationstarter.sample.process.AppProcess.Result;
import dev.migrationstarter.testsupport.DatabaseKind;
import dev.migrationstarter.testsupport.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lock timeouts of the zero-downtime guard as real processes of the sample jar: a
 * long transaction holds a table that the running version queries all the time, and a
 * release alters the table. Without a lock timeout the queries stall for as long as the
 * transaction stays open; with the defaults no query waits much longer than the lock
 * timeout, the migration retries naming the blocker, and it succeeds once the transaction
 * ends, or fails with nothing of the changeset applied when its retry budget is spent.
 * Run against each database by a thin subclass.
 *
 * @author migration-starter
 */
abstract class AbstractLockTimeoutProcessIT {

	private static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(5);

	private static final Pattern RETRY = Pattern.compile("hit the lock timeout \\([^)]*, attempt \\d+\\)");

	@TempDir
	Path workDir;

	TestDatabase database;

	protected abstract TestDatabase createDatabase();

	/**
	 * A query that answers the id of the current session.
	 * @return the query
	 */
	protected abstract String sessionIdQuery();

	/**
	 * A query that answers, in seconds, how long the release's {@code ALTER TABLE busy}
	 * has waited for its lock, or no row while it does not wait.
	 * @return the query
	 */
	protected abstract String alterWaitQuery();

	/**
	 * How the migration's log names a blocking session.
	 * @param sessionId the session's id
	 * @return the name, such as {@code pid 4711}
	 */
	protected abstract String blockerName(String sessionId);

	/**
	 * Whether the database rolls back the DDL of a failed transaction.
	 * @return whether it does
	 */
	protected abstract boolean rollsBackDdl();

	@BeforeEach
	void migrateReleaseOne() {
		this.database = createDatabase();
		Result migrated = app("release-1", "--migrate-only", Changelogs.write(changelog(), releaseOne())).run();
		assertThat(migrated.exitCode()).as(migrated.toString()).isZero();
	}

	@Test
	void withoutALockTimeoutTheQueriesOfTheRunningVersionStallForAsLongAsTheTransactionStaysOpen() {
		Duration held = Duration.ofSeconds(8);
		try (LongTransaction transaction = LongTransaction.reading(this.database, "busy", sessionIdQuery());
				QueryStream queries = QueryStream.start(this.database, "select count(*) from busy")) {
			AppProcess migration = app("unguarded", "--migrate-only", releaseTwo(), "--migration.guard.lock-timeout=0")
				.start();
			migration.awaitCondition("the ALTER TABLE to wait " + held.toSeconds() + " s", Duration.ofMinutes(2),
					() -> alterWaited().compareTo(held) >= 0);
			transaction.end();
			Result result = migration.awaitExit();
			assertThat(result.exitCode()).as(result.toString()).isZero();
			assertThat(queries.longestWait()).isGreaterThan(held.minusSeconds(1));
			assertThat(result.output()).doesNotContain("hit the lock timeout");
		}
		assertThat(columns()).contains("note");
	}

	@Test
	void withTheDefaultsNoQueryWaitsLongerThanTheLockTimeoutAndTheMigrationRetriesUntilTheTransactionEnds() {
		try (LongTransaction transaction = LongTransaction.reading(this.database, "busy", sessionIdQuery());
				QueryStream queries = QueryStream.start(this.database, "select count(*) from busy")) {
			AppProcess migration = app("guarded", "--migrate-only", releaseTwo()).start();
			migration.awaitCondition("two retries", Duration.ofMinutes(2), () -> retries(migration.output()) >= 2);
			transaction.end();
			Result result = migration.awaitExit();
			assertThat(result.exitCode()).as(result.toString()).isZero();
			assertThat((Object) queries.failure()).isNull();
			assertThat(queries.longestWait()).isLessThan(DEFAULT_LOCK_TIMEOUT.plusSeconds(1));
			assertThat(result.output())
				.contains("Changeset " + changeSet("2-add-note") + " hit the lock timeout (5.0 s")
				.contains("blocked by " + blockerName(transaction.sessionId()))
				.contains("nothing of it was applied, so it runs again in ");
		}
		assertThat(columns()).contains("note");
		assertThat(this.database.appliedChangeSetIds()).containsExactly("1-create-busy", "1-fill-busy", "2-add-note");
	}

	@Test
	void whenTheRetryBudgetIsSpentTheMigrationFailsWithNothingOfTheChangeSetApplied() {
		try (LongTransaction transaction = LongTransaction.reading(this.database, "busy", sessionIdQuery())) {
			Result result = app("budget-spent", "--migrate-only", releaseTwo(), "--migration.guard.lock-timeout=1s",
					"--migration.guard.lock-retry-budget=4s")
				.run();
			assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
			assertThat(result.lastLine())
				.contains("Migration failed (exit code 1): Changeset " + changeSet("2-add-note")
						+ " hit the lock timeout (1.0 s)")
				.contains("migration.guard.lock-retry-budget=4.0 s allows no further attempt")
				.contains("blocked by " + blockerName(transaction.sessionId()))
				.contains("nothing of it was applied")
				.contains("Next: end the blocking transaction named above");
			assertThat(result.output())
				.contains("A transaction older than migration.guard.lock-timeout (1.0 s) is open")
				.contains(blockerName(transaction.sessionId()));
		}
		assertThat(this.database.appliedChangeSetIds()).containsExactly("1-create-busy", "1-fill-busy");
		assertThat(columns()).doesNotContain("note");
	}

	@Test
	void aChangeSetThatTimesOutAfterAStatementThatChangedSomethingIsRetriedOnlyWhereItsTransactionUndidThatStatement() {
		List<String> changeSets = new ArrayList<>(List.of(releaseOne()));
		changeSets.add(Changelogs.sql("2-two-steps",
				"create table side (id bigint primary key); alter table busy add column note varchar(20)"));
		String releaseTwo = Changelogs.write(changelog(), changeSets.toArray(String[]::new));
		try (LongTransaction transaction = LongTransaction.reading(this.database, "busy", sessionIdQuery())) {
			Result result = app("two-steps", "--migrate-only", releaseTwo, "--migration.guard.lock-timeout=1s",
					"--migration.guard.lock-retry-budget=3s")
				.run();
			assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
			if (rollsBackDdl()) {
				assertThat(result.output()).contains("nothing of it was applied, so it runs again in ");
				assertThat(result.lastLine()).contains("allows no further attempt");
				assertThat(this.database.tableExists("side")).isFalse();
			}
			else {
				assertThat(result.output()).doesNotContain("runs again in");
				assertThat(result.lastLine()).contains("Changeset " + changeSet("2-two-steps")
						+ " hit the lock timeout (1.0 s) after some of its statements were applied, so it is not run again"
						+ " (MariaDB and MySQL commit each DDL statement); blocked by "
						+ blockerName(transaction.sessionId()))
					.contains("Next: check which of its statements were applied");
				assertThat(this.database.tableExists("side")).isTrue();
			}
		}
		assertThat(this.database.appliedChangeSetIds()).containsExactly("1-create-busy", "1-fill-busy");
		assertThat(columns()).doesNotContain("note");
	}

	private Duration alterWaited() {
		List<Double> seconds = this.database.jdbc().queryForList(alterWaitQuery(), Double.class);
		return seconds.isEmpty() ? Duration.ZERO : Duration.ofMillis((long) (seconds.get(0) * 1000));
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
		// MariaDB's information_schema spans every database of the server
		String thisDatabase = (this.database.kind() == DatabaseKind.MARIADB) ? " and table_schema = database()" : "";
		return this.database.jdbc()
			.queryForList("select lower(column_name) from information_schema.columns where lower(table_name) = 'busy'"
					+ thisDatabase, String.class);
	}

	private String changeSet(String id) {
		return "file:" + changelog().toAbsolutePath() + "::" + id + "::test";
	}

	private Path changelog() {
		return this.workDir.resolve("changelog.xml");
	}

	private String releaseTwo() {
		List<String> changeSets = new ArrayList<>(List.of(releaseOne()));
		changeSets.add(Changelogs.sql("2-add-note", "alter table busy add column note varchar(20)"));
		return Changelogs.write(changelog(), changeSets.toArray(String[]::new));
	}

	private static String[] releaseOne() {
		return new String[] {
				Changelogs.sql("1-create-busy", "create table busy (id bigint primary key, name varchar(20))"),
				Changelogs.sql("1-fill-busy", "insert into busy (id, name) values (1, 'one'), (2, 'two')") };
	}

	private AppProcess.Builder app(String name, String... args) {
		return AppProcess.sampleJar(this.workDir, args).named(name).database(this.database).separateStandardError();
	}

}
