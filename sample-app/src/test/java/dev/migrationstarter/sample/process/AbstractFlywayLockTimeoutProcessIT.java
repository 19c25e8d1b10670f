package dev.migrationstarter.sample.process;

import java.io.IOException;
import java.nio.file.Files;
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
 * The lock timeouts of the zero-downtime guard for Flyway migrations, as real processes
 * of the sample jar's Flyway profile: a long transaction holds a table that the running
 * version queries all the time, and a release's migration alters the table. On every
 * database no query waits much longer than the lock timeout and the migration names its
 * blocker; what becomes of the blocked migration (run again, or recorded as failed by
 * Flyway) differs by database and is each subclass's to assert.
 *
 * @author migration-starter
 */
abstract class AbstractFlywayLockTimeoutProcessIT {

	static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(5);

	@TempDir
	Path workDir;

	Path migrations;

	TestDatabase database;

	protected abstract TestDatabase createDatabase();

	/**
	 * A query that answers the id of the current session.
	 * @return the query
	 */
	protected abstract String sessionIdQuery();

	/**
	 * How the migration's log names a blocking session.
	 * @param sessionId the session's id
	 * @return the name, such as {@code pid 4711}
	 */
	protected abstract String blockerName(String sessionId);

	@BeforeEach
	void migrateReleaseOne() throws IOException {
		this.database = createDatabase();
		this.migrations = Files.createDirectories(this.workDir.resolve("migrations"));
		Files.writeString(this.migrations.resolve("V1__create_busy.sql"),
				"create table busy (id bigint primary key, name varchar(20));\n"
						+ "insert into busy (id, name) values (1, 'one'), (2, 'two');\n");
		Result migrated = flyway("release-1").run();
		assertThat(migrated.exitCode()).as(migrated.toString()).isZero();
	}

	@Test
	void withTheDefaultsNoQueryWaitsLongerThanTheLockTimeoutWhileTheMigrationIsBlocked() throws IOException {
		writeReleaseTwo();
		try (LongTransaction transaction = blockingTransaction();
				QueryStream queries = QueryStream.start(this.database, "select count(*) from busy")) {
			AppProcess migration = flyway("guarded").start();
			migration.awaitCondition("the lock timeout", Duration.ofMinutes(2),
					() -> !migration.isAlive() || migration.output().contains("hit the lock timeout"));
			transaction.end();
			Result result = migration.awaitExit();
			assertThat((Object) queries.failure()).isNull();
			assertThat(queries.longestWait()).isLessThan(DEFAULT_LOCK_TIMEOUT.plusSeconds(1));
			assertThat(result.output()).contains("Each migration waits at most 5.0 s for a lock")
				.contains("Migration V2__add_note.sql hit the lock timeout (5.0 s")
				.contains("blocked by " + blockerName(transaction.sessionId()));
		}
	}

	/**
	 * Open a transaction that read table {@code busy} and stays open.
	 * @return the transaction
	 */
	LongTransaction blockingTransaction() {
		return LongTransaction.reading(this.database, "busy", sessionIdQuery());
	}

	/**
	 * Add release two's migration, which adds column {@code note} to table {@code busy}.
	 * @throws IOException if the migration cannot be written
	 */
	void writeReleaseTwo() throws IOException {
		Files.writeString(this.migrations.resolve("V2__add_note.sql"),
				"alter table busy add column note varchar(20);\n");
	}

	List<String> columns() {
		// MariaDB's information_schema spans every database of the server
		String thisDatabase = (this.database.kind() == DatabaseKind.MARIADB) ? " and table_schema = database()" : "";
		return this.database.jdbc()
			.queryForList("select lower(column_name) from information_schema.columns where lower(table_name) = 'busy'"
					+ thisDatabase, String.class);
	}

	List<String> appliedVersions() {
		return historyVersions("success");
	}

	List<String> failedVersions() {
		return historyVersions("not success");
	}

	private List<String> historyVersions(String condition) {
		return this.database.jdbc()
			.queryForList("select version from flyway_schema_history where " + condition
					+ " and version is not null order by installed_rank", String.class);
	}

	AppProcess.Builder flyway(String name) {
		return AppProcess.sampleJar(this.workDir, "--migrate-only", "--spring.profiles.active=flyway")
			.named(name)
			.database(this.database)
			.arg("--spring.flyway.locations=filesystem:" + this.migrations)
			.separateStandardError();
	}

}
