package dev.migrationstarter.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.sql.SQLException;
import java.util.List;

import dev.migrationstarter.testsupport.DatabaseServer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.system.CapturedOutput;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lock timeouts of {@code --migrate-only} for Flyway migrations on MariaDB, with a
 * transaction that holds the table a migration alters.
 *
 * @author migration-starter
 */
class MariaDbFlywayLockTimeoutIntegrationTests extends AbstractFlywayLockTimeoutIntegrationTests {

	@Override
	protected DatabaseServer server() {
		return DatabaseServer.mariadb();
	}

	@Override
	protected String lockTimeout() {
		return "1s";
	}

	@Override
	protected String loggedLockTimeout() {
		return "1.0 s";
	}

	@Test
	void aMigrationWhoseFirstStatementTimesOutIsNotRunAgainAndFlywayRecordsItAsFailed(CapturedOutput output)
			throws IOException, SQLException {
		Files.writeString(this.migrations.resolve("V2__add_note.sql"), "ALTER TABLE busy ADD COLUMN note VARCHAR(20);");
		migrateWhileATransactionHoldsBusy(this.contextRunner);
		assertThat(this.exitStatus).hasValue(1);
		assertThat(output).doesNotContain("so it runs again")
			.doesNotContain("retried for up to")
			.contains("Each migration waits at most 1.0 s for a lock (migration.guard.lock-timeout) and one that hits"
					+ " it fails and is not run again (MariaDB and MySQL commit each DDL statement, so Flyway records"
					+ " the migration as failed)")
			.containsPattern("Migration V2__add_note.sql hit the lock timeout \\(1.0 s\\) and is not run again"
					+ " \\(MariaDB and MySQL commit each DDL statement, so Flyway does not roll a migration back\\):"
					+ " Flyway recorded it as failed \\(success = false\\) in flyway_schema_history; none of its"
					+ " statements had completed, so nothing of it was applied; blocked by connection \\d+")
			.contains("run Flyway repair");
		assertThat(columnsOfBusy()).containsExactly("id");
		assertThat(failedHistoryRows("2")).isOne();
	}

	@Override
	List<String> columnsOfBusy() {
		return this.database.jdbc()
			.queryForList(
					"select column_name from information_schema.columns where table_schema = database() and table_name = 'busy'"
							+ " order by ordinal_position",
					String.class);
	}

}
