package dev.migrationstarter.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import dev.migrationstarter.command.ProcessExit;
import dev.migrationstarter.metrics.LockRetryMeters;
import dev.migrationstarter.testsupport.DatabaseServer;
import dev.migrationstarter.testsupport.TestDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.liquibase.autoconfigure.LiquibaseAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Wiring tests of the lock timeouts of {@code --migrate-only} and their meters, against
 * PostgreSQL with a transaction that holds the table a changeset alters.
 *
 * @author migration-starter
 */
@ExtendWith(OutputCaptureExtension.class)
class PostgresLockTimeoutIntegrationTests {

	@TempDir
	Path workDir;

	private final AtomicInteger exitStatus = new AtomicInteger(-1);

	private TestDatabase database;

	private ApplicationContextRunner contextRunner;

	@BeforeEach
	void createTableAndChangelog() throws IOException {
		this.database = DatabaseServer.postgres().createDatabase();
		this.database.jdbc().execute("create table busy (id bigint primary key)");
		Path changelog = this.workDir.resolve("changelog.xml");
		Files.writeString(changelog,
				"""
						<?xml version="1.0" encoding="UTF-8"?>
						<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog"
								xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
								xsi:schemaLocation="http://www.liquibase.org/xml/ns/dbchangelog https://www.liquibase.org/xml/ns/dbchangelog/dbchangelog-latest.xsd">
							<changeSet id="add-note" author="test">
								<addColumn tableName="busy"><column name="note" type="VARCHAR(20)"/></addColumn>
							</changeSet>
						</databaseChangeLog>
						""");
		this.contextRunner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
					LiquibaseAutoConfiguration.class, LifecycleAutoConfiguration.class,
					MigrationAutoConfiguration.class, LiquibaseMigrationAutoConfiguration.class,
					RunAndExitAutoConfiguration.class, MigrationMetricsAutoConfiguration.class))
			.withPropertyValues("spring.datasource.url=" + this.database.jdbcUrl(),
					"spring.datasource.username=" + this.database.username(),
					"spring.datasource.password="
							+ ((this.database.password() != null) ? this.database.password() : ""),
					"spring.liquibase.analytics-enabled=false",
					"spring.liquibase.change-log=file:" + changelog.toAbsolutePath(), "migration.mode=MIGRATE_ONLY")
			.withBean(ProcessExit.class, () -> this.exitStatus::set);
	}

	@Test
	void aChangeSetBlockedPastItsBudgetCountsItsRetriesAndTimesItsWait(CapturedOutput output) throws SQLException {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		String pid;
		try (Connection transaction = this.database.dataSource().getConnection()) {
			transaction.setAutoCommit(false);
			try (Statement statement = transaction.createStatement()) {
				statement.executeQuery("select count(*) from busy").close();
				pid = awaitOlderThanTheLockTimeout(statement);
			}
			this.contextRunner
				.withPropertyValues("migration.guard.lock-timeout=300ms", "migration.guard.lock-retry-budget=2s")
				.withBean(MeterRegistry.class, () -> registry)
				.run((context) -> {
				});
			transaction.rollback();
		}
		assertThat(this.exitStatus).hasValue(1);
		assertThat(output).contains("A transaction older than migration.guard.lock-timeout (0.3 s) is open holding a"
				+ " lock on a table the pending changesets alter: pid " + pid);
		assertThat(registry.get(LockRetryMeters.RETRIES).tag("name", "liquibase").counter().count())
			.isGreaterThanOrEqualTo(1.0);
		assertThat(registry.get(LockRetryMeters.WAIT).tag("name", "liquibase").timer().count()).isOne();
		assertThat(this.database.jdbc()
			.queryForList("select column_name from information_schema.columns where table_name = 'busy'", String.class))
			.containsExactly("id");
	}

	// the warning before the first changeset names transactions older than the lock
	// timeout
	private static String awaitOlderThanTheLockTimeout(Statement statement) throws SQLException {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (true) {
			try (ResultSet age = statement
				.executeQuery("select pg_backend_pid(), extract(epoch from clock_timestamp() - now()) > 0.5")) {
				age.next();
				if (age.getBoolean(2)) {
					return age.getString(1);
				}
			}
			assertThat(System.nanoTime()).as("transaction age reaching 0.5 s").isLessThan(deadline);
			Thread.onSpinWait();
		}
	}

	@Test
	void aStatementTimeoutEndsALongStatementWithoutARetry(CapturedOutput output) throws IOException {
		Path changelog = this.workDir.resolve("slow.xml");
		Files.writeString(changelog,
				"""
						<?xml version="1.0" encoding="UTF-8"?>
						<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog"
								xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
								xsi:schemaLocation="http://www.liquibase.org/xml/ns/dbchangelog https://www.liquibase.org/xml/ns/dbchangelog/dbchangelog-latest.xsd">
							<changeSet id="slow" author="test"><sql>select pg_sleep(30)</sql></changeSet>
						</databaseChangeLog>
						""");
		this.contextRunner
			.withPropertyValues("spring.liquibase.change-log=file:" + changelog.toAbsolutePath(),
					"migration.guard.statement-timeout=500ms")
			.run((context) -> {
			});
		assertThat(this.exitStatus).hasValue(1);
		assertThat(output).contains("canceling statement due to statement timeout")
			.doesNotContain("hit the lock timeout");
	}

	@Test
	void aLockTimeoutOfZeroLeavesTheSessionsOwnSettingAndRetriesNothing() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		this.contextRunner.withPropertyValues("migration.guard.lock-timeout=0")
			.withBean(MeterRegistry.class, () -> registry)
			.run((context) -> {
			});
		assertThat(this.exitStatus).hasValue(0);
		assertThat(registry.find(LockRetryMeters.RETRIES).counter()).isNull();
		assertThat(registry.find(LockRetryMeters.WAIT).timer()).isNull();
	}

}
