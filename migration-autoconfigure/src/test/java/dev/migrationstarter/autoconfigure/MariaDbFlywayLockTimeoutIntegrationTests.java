package dev.migrationstarter.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import dev.migrationstarter.command.ProcessExit;
import dev.migrationstarter.metrics.LockRetryMeters;
import dev.migrationstarter.testsupport.DatabaseServer;
import dev.migrationstarter.testsupport.TestDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lock timeouts of {@code --migrate-only} for Flyway migrations on MariaDB, with a
 * transaction that holds the table a migration alters.
 *
 * @author migration-starter
 */
@ExtendWith(OutputCaptureExtension.class)
class MariaDbFlywayLockTimeoutIntegrationTests {

	@TempDir
	Path migrations;

	private final AtomicInteger exitStatus = new AtomicInteger(-1);

	private final DatabaseServer server = DatabaseServer.mariadb();

	private TestDatabase database;

	private ApplicationContextRunner contextRunner;

	@BeforeEach
	void migrateTheFirstRelease() throws IOException {
		this.database = this.server.createDatabase();
		Files.writeString(this.migrations.resolve("V1__create_busy.sql"), "CREATE TABLE busy (id BIGINT PRIMARY KEY);");
		this.contextRunner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class,
					LifecycleAutoConfiguration.class, MigrationAutoConfiguration.class,
					FlywayMigrationAutoConfiguration.class, RunAndExitAutoConfiguration.class,
					MigrationMetricsAutoConfiguration.class))
			.withPropertyValues("spring.datasource.url=" + this.database.jdbcUrl(),
					"spring.datasource.username=" + this.database.username(),
					"spring.datasource.password="
							+ ((this.database.password() != null) ? this.database.password() : ""),
					"spring.flyway.locations=filesystem:" + this.migrations, "migration.mode=MIGRATE_ONLY",
					"migration.guard.lock-timeout=1s", "migration.guard.lock-retry-budget=2s")
			.withBean(ProcessExit.class, () -> this.exitStatus::set);
		this.contextRunner.run((context) -> {
		});
		assertThat(this.exitStatus).hasValue(0);
		this.exitStatus.set(-1);
	}

	@AfterEach
	void dropDatabase() {
		this.server.dropDatabase(this.database);
	}

	@Test
	void aMigrationWhoseFirstStatementTimesOutIsNotRunAgainAndFlywayRecordsItAsFailed(CapturedOutput output)
			throws IOException, SQLException {
		Files.writeString(this.migrations.resolve("V2__add_note.sql"), "ALTER TABLE busy ADD COLUMN note VARCHAR(20);");
		try (Connection transaction = this.database.dataSource().getConnection()) {
			transaction.setAutoCommit(false);
			try (Statement statement = transaction.createStatement()) {
				statement.executeQuery("select count(*) from busy").close();
			}
			this.contextRunner.run((context) -> {
			});
			transaction.rollback();
		}
		assertThat(this.exitStatus).hasValue(1);
		assertThat(output).doesNotContain("so it runs again")
			.containsPattern("Migration V2__add_note.sql hit the lock timeout \\(1.0 s\\) and is not run again"
					+ " \\(MariaDB and MySQL commit each DDL statement, so Flyway does not roll a migration back\\):"
					+ " Flyway recorded it as failed \\(success = false\\) in flyway_schema_history; none of its"
					+ " statements had completed, so nothing of it was applied; blocked by connection \\d+")
			.contains("run Flyway repair");
		assertThat(columnsOfBusy()).containsExactly("id");
		assertThat(this.database.jdbc()
			.queryForObject("select count(*) from flyway_schema_history where version = '2' and not success",
					Integer.class))
			.isOne();
	}

	@Test
	void aMigrationThatNoTransactionBlocksIsNotDelayed(CapturedOutput output) throws IOException {
		Files.writeString(this.migrations.resolve("V2__add_note.sql"), "ALTER TABLE busy ADD COLUMN note VARCHAR(20);");
		this.contextRunner.run((context) -> {
		});
		assertThat(this.exitStatus).hasValue(0);
		assertThat(output).contains("Each migration waits at most 1.0 s for a lock")
			.doesNotContain("hit the lock timeout");
		assertThat(columnsOfBusy()).containsExactly("id", "note");
	}

	private java.util.List<String> columnsOfBusy() {
		return this.database.jdbc()
			.queryForList(
					"select column_name from information_schema.columns where table_schema = database() and table_name = 'busy'"
							+ " order by ordinal_position",
					String.class);
	}

}
