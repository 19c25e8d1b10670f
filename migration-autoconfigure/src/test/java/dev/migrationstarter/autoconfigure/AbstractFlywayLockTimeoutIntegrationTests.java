package dev.migrationstarter.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import dev.migrationstarter.command.ProcessExit;
import dev.migrationstarter.testsupport.DatabaseServer;
import dev.migrationstarter.testsupport.TestDatabase;
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
 * The lock timeouts of {@code --migrate-only} for Flyway migrations, with a transaction
 * that holds the table a migration alters; run against each server database by a
 * subclass.
 *
 * @author migration-starter
 */
@ExtendWith(OutputCaptureExtension.class)
abstract class AbstractFlywayLockTimeoutIntegrationTests {

	@TempDir
	Path migrations;

	final AtomicInteger exitStatus = new AtomicInteger(-1);

	TestDatabase database;

	ApplicationContextRunner contextRunner;

	/**
	 * The database server.
	 * @return the server
	 */
	protected abstract DatabaseServer server();

	/**
	 * The lock timeout the migrations run with, as {@code migration.guard.lock-timeout}
	 * takes it.
	 * @return the lock timeout
	 */
	protected abstract String lockTimeout();

	/**
	 * The lock timeout as the log lines write it.
	 * @return the lock timeout, such as {@code 0.3 s}
	 */
	protected abstract String loggedLockTimeout();

	@BeforeEach
	void migrateTheFirstRelease() throws IOException {
		this.database = server().createDatabase();
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
					"migration.guard.lock-timeout=" + lockTimeout(), "migration.guard.lock-retry-budget=2s")
			.withBean(ProcessExit.class, () -> this.exitStatus::set);
		this.contextRunner.run((context) -> {
		});
		assertThat(this.exitStatus).hasValue(0);
		this.exitStatus.set(-1);
	}

	@AfterEach
	void dropDatabase() {
		server().dropDatabase(this.database);
	}

	@Test
	void aMigrationThatNoTransactionBlocksIsNotDelayed(CapturedOutput output) throws IOException {
		Files.writeString(this.migrations.resolve("V2__add_note.sql"), "ALTER TABLE busy ADD COLUMN note VARCHAR(20);");
		this.contextRunner.run((context) -> {
		});
		assertThat(this.exitStatus).hasValue(0);
		assertThat(output).contains("Each migration waits at most " + loggedLockTimeout() + " for a lock")
			.doesNotContain("hit the lock timeout");
		assertThat(columnsOfBusy()).containsExactly("id", "note");
	}

	/**
	 * Migrate with the given runner while a transaction of the test's own holds table
	 * {@code busy}.
	 * @param runner the runner
	 * @throws SQLException on a database error
	 */
	void migrateWhileATransactionHoldsBusy(ApplicationContextRunner runner) throws SQLException {
		try (Connection transaction = this.database.dataSource().getConnection()) {
			transaction.setAutoCommit(false);
			try (Statement statement = transaction.createStatement()) {
				statement.executeQuery("select count(*) from busy").close();
			}
			runner.run((context) -> {
			});
			transaction.rollback();
		}
	}

	/**
	 * The columns of table {@code busy} in the test's database, in order.
	 * @return the column names
	 */
	abstract List<String> columnsOfBusy();

	int historyRows(String version) {
		return this.database.jdbc()
			.queryForObject("select count(*) from flyway_schema_history where version = ?", Integer.class, version);
	}

	int failedHistoryRows(String version) {
		return this.database.jdbc()
			.queryForObject("select count(*) from flyway_schema_history where version = ? and not success",
					Integer.class, version);
	}

}
