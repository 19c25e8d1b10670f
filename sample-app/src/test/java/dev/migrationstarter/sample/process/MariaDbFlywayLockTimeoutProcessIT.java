package dev.migrationstarter.sample.process;

import java.io.IOException;

import dev.migrationstarter.sample.process.AppProcess.Result;
import dev.migrationstarter.testsupport.DatabaseServer;
import dev.migrationstarter.testsupport.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lock timeouts of the zero-downtime guard for Flyway migrations as real processes
 * against MariaDB, where Flyway records a blocked migration as failed (MariaDB commits
 * each DDL statement), so it is not run again until Flyway's repair.
 *
 * @author migration-starter
 */
class MariaDbFlywayLockTimeoutProcessIT extends AbstractFlywayLockTimeoutProcessIT {

	@Override
	protected TestDatabase createDatabase() {
		return DatabaseServer.mariadb().createDatabase();
	}

	@Override
	protected String sessionIdQuery() {
		return "select connection_id()";
	}

	@Override
	protected String blockerName(String sessionId) {
		return "connection " + sessionId;
	}

	@Test
	void aBlockedMigrationIsNotRunAgainAndTheLastLineNamesTheBlockerAndFlywayRepair() throws IOException {
		writeReleaseTwo();
		try (LongTransaction transaction = blockingTransaction()) {
			Result result = flyway("blocked").arg("--migration.guard.lock-timeout=1s").run();
			assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
			assertThat(result.lastLine())
				.contains("Migration failed (exit code 1): Migration V2__add_note.sql hit the lock timeout (1.0 s) and"
						+ " is not run again (MariaDB and MySQL commit each DDL statement, so Flyway does not roll a"
						+ " migration back): Flyway recorded it as failed (success = false) in flyway_schema_history;"
						+ " none of its statements had completed, so nothing of it was applied; blocked by connection "
						+ transaction.sessionId())
				.contains("Next: end the blocking transaction named above or let it finish, run Flyway repair");
			assertThat(result.output()).doesNotContain("runs again in")
				.contains("A transaction older than migration.guard.lock-timeout (1.0 s) is open: connection "
						+ transaction.sessionId());
		}
		assertThat(columns()).doesNotContain("note");
		assertThat(appliedVersions()).containsExactly("1");
		assertThat(failedVersions()).containsExactly("2");
	}

	@Test
	void theNextRunRefusesTheFailedMigrationUntilFlywayRepairAndThenAppliesItOnce() throws IOException {
		writeReleaseTwo();
		try (LongTransaction transaction = blockingTransaction()) {
			Result blocked = flyway("blocked").arg("--migration.guard.lock-timeout=1s").run();
			assertThat(blocked.exitCode()).as(blocked.toString()).isEqualTo(1);
		}
		Result refused = flyway("before-repair").run();
		assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(4);
		assertThat(refused.lastLine())
			.contains("Migration failed (exit code 4): Flyway 'flyway': validation failed:"
					+ " V2__add_note.sql: Detected failed migration to version 2")
			.contains("Next: remove the partial changes of the failed migration, run Flyway repair");
		assertThat(failedVersions()).containsExactly("2");
		Flyway.configure()
			.dataSource(this.database.dataSource())
			.locations("filesystem:" + this.migrations)
			.load()
			.repair();
		Result next = flyway("after-repair").run();
		assertThat(next.exitCode()).as(next.toString()).isZero();
		assertThat(next.output()).doesNotContain("hit the lock timeout");
		assertThat(columns()).contains("note");
		assertThat(appliedVersions()).containsExactly("1", "2");
		assertThat(failedVersions()).isEmpty();
	}

}
