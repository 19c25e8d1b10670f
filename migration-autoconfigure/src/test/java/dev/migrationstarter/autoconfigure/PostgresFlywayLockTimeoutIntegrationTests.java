package dev.migrationstarter.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.sql.SQLException;
import java.util.List;

import dev.migrationstarter.metrics.LockRetryMeters;
import dev.migrationstarter.testsupport.DatabaseServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.system.CapturedOutput;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lock timeouts of {@code --migrate-only} for Flyway migrations on PostgreSQL, with a
 * transaction that holds the table a migration alters.
 *
 * @author migration-starter
 */
class PostgresFlywayLockTimeoutIntegrationTests extends AbstractFlywayLockTimeoutIntegrationTests {

	@Override
	protected DatabaseServer server() {
		return DatabaseServer.postgres();
	}

	@Override
	protected String lockTimeout() {
		return "300ms";
	}

	@Override
	protected String loggedLockTimeout() {
		return "0.3 s";
	}

	@Test
	void aMigrationBlockedPastItsBudgetIsRolledBackAndTheNextRunAppliesItOnce(CapturedOutput output)
			throws IOException, SQLException {
		Files.writeString(this.migrations.resolve("V2__add_note.sql"), "ALTER TABLE busy ADD COLUMN note VARCHAR(20);");
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		migrateWhileATransactionHoldsBusy(this.contextRunner.withBean(MeterRegistry.class, () -> registry));
		assertThat(this.exitStatus).hasValue(1);
		assertThat(output)
			.contains("Migration V2__add_note.sql hit the lock timeout (0.3 s, attempt 1); blocked by pid ")
			.contains("query: select count(*) from busy; nothing of it was applied, so it runs again in")
			.containsPattern("Migration V2__add_note.sql hit the lock timeout \\(0.3 s\\) \\d+ times? in .*, and"
					+ " migration.guard.lock-retry-budget=2.0 s allows no further attempt; blocked by pid \\d+ .*;"
					+ " nothing of it was applied");
		assertThat(registry.get(LockRetryMeters.RETRIES).tag("engine", "flyway").counter().count())
			.isGreaterThanOrEqualTo(1.0);
		assertThat(registry.get(LockRetryMeters.WAIT).tag("engine", "flyway").timer().count()).isOne();
		assertThat(columnsOfBusy()).containsExactly("id");
		assertThat(historyRows("2")).isZero();

		this.contextRunner.run((context) -> {
		});
		assertThat(this.exitStatus).hasValue(0);
		assertThat(columnsOfBusy()).containsExactly("id", "note");
		assertThat(historyRows("2")).isOne();
	}

	@Test
	void aMigrationOutsideATransactionIsNotRunAgainAndFlywayRecordsItAsFailed(CapturedOutput output)
			throws IOException, SQLException {
		Files.writeString(this.migrations.resolve("V2__add_note.sql"), "ALTER TABLE busy ADD COLUMN note VARCHAR(20);");
		Files.writeString(this.migrations.resolve("V2__add_note.sql.conf"), "executeInTransaction=false");
		migrateWhileATransactionHoldsBusy(this.contextRunner);
		assertThat(this.exitStatus).hasValue(1);
		assertThat(output).doesNotContain("so it runs again")
			.containsPattern("Migration V2__add_note.sql hit the lock timeout \\(0.3 s\\) and is not run again \\(it"
					+ " runs outside a transaction \\(executeInTransaction=false\\)\\): Flyway recorded it as failed"
					+ " \\(success = false\\) in flyway_schema_history; none of its statements had completed, so"
					+ " nothing of it was applied; blocked by pid \\d+")
			.contains("run Flyway repair");
		assertThat(columnsOfBusy()).containsExactly("id");
		assertThat(failedHistoryRows("2")).isOne();
	}

	@Override
	List<String> columnsOfBusy() {
		return this.database.jdbc()
			.queryForList("select column_name from information_schema.columns where table_name = 'busy'"
					+ " order by ordinal_position", String.class);
	}

}
