package dev.migrationstarter.autoconfigure;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import dev.migrationstarter.command.ProcessExit;
import dev.migrationstarter.metrics.MigrationMeters;
import dev.migrationstarter.metrics.MigrationStatusMeterBinder;
import dev.migrationstarter.testsupport.DatabaseServer;
import dev.migrationstarter.testsupport.TestDatabase;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.liquibase.autoconfigure.LiquibaseAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Wiring tests of the {@code --migration-status}, {@code --await-schema} and
 * {@code --dry-run} modes and of the meters, on H2.
 *
 * @author migration-starter
 */
@ExtendWith(OutputCaptureExtension.class)
class RunAndExitModesTests {

	private final TestDatabase database = DatabaseServer.h2().createDatabase();

	private final AtomicInteger exitStatus = new AtomicInteger(-1);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, LiquibaseAutoConfiguration.class,
				LifecycleAutoConfiguration.class, MigrationAutoConfiguration.class,
				LiquibaseMigrationAutoConfiguration.class, RunAndExitAutoConfiguration.class,
				MigrationReadinessAutoConfiguration.class, MigrationMetricsAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=" + this.database.jdbcUrl(),
				"spring.liquibase.analytics-enabled=false",
				"spring.liquibase.change-log=classpath:db/changelog/autoconfigure-test-changelog.xml")
		.withBean(ProcessExit.class, () -> this.exitStatus::set);

	@Test
	void migrationStatusExitsWithTwoAndListsThePendingChangeSetsWithoutWriting(CapturedOutput output) {
		this.contextRunner.withPropertyValues("migration.mode=MIGRATION_STATUS").run((context) -> {
		});
		assertThat(this.exitStatus).hasValue(2);
		assertThat(output.getOut()).contains("Liquibase 'liquibase': 1 pending, 0 applied, 0 unknown")
			.contains("  pending  db/changelog/autoconfigure-test-changelog.xml::1::test");
		assertThat(this.database.tableExists("DATABASECHANGELOG")).isFalse();
	}

	@Test
	void migrationStatusExitsWithZeroOnceMigrated(CapturedOutput output) {
		migrate();
		this.contextRunner.withPropertyValues("migration.mode=MIGRATION_STATUS").run((context) -> {
		});
		assertThat(this.exitStatus).hasValue(0);
		assertThat(output.getOut()).contains("Liquibase 'liquibase': 0 pending, 1 applied, 0 unknown");
	}

	@Test
	void migrationStatusExitsWithFourWhenTheChangelogIsMissing(CapturedOutput output) {
		this.contextRunner
			.withPropertyValues("migration.mode=MIGRATION_STATUS",
					"spring.liquibase.change-log=classpath:db/changelog/missing.xml")
			.run((context) -> {
			});
		assertThat(this.exitStatus).hasValue(4);
		assertThat(output).contains("Migration status unknown (exit code 4)");
	}

	@Test
	void awaitSchemaExitsWithTwoWhenTheSchemaIsStillBehindAtTheTimeout(CapturedOutput output) {
		this.contextRunner
			.withPropertyValues("migration.mode=AWAIT_SCHEMA", "migration.await.timeout=1s",
					"migration.await.poll-interval=100ms")
			.run((context) -> {
			});
		assertThat(this.exitStatus).hasValue(2);
		assertThat(output).contains("Schema still behind after 1.0 s (exit code 2): 1 changeset pending");
		assertThat(this.database.tableExists("DATABASECHANGELOG")).isFalse();
	}

	@Test
	void awaitSchemaExitsWithZeroWhenTheSchemaIsUpToDate(CapturedOutput output) {
		migrate();
		this.contextRunner.withPropertyValues("migration.mode=AWAIT_SCHEMA", "migration.await.timeout=5s")
			.run((context) -> {
			});
		assertThat(this.exitStatus).hasValue(0);
		assertThat(output).contains("Schema is up to date (exit code 0)");
	}

	@Test
	void dryRunWritesTheSqlToStandardOutputAndAppliesNothing(CapturedOutput output) {
		this.contextRunner.withPropertyValues("migration.mode=MIGRATE_ONLY", "migration.dry-run=true")
			.run((context) -> {
			});
		assertThat(this.exitStatus).hasValue(0);
		assertThat(output.getOut()).containsIgnoringCase("CREATE TABLE").containsIgnoringCase("widget");
		assertThat(this.database.tableExists("widget")).isFalse();
		assertThat(this.database.tableExists("DATABASECHANGELOG")).isFalse();
	}

	@Test
	void migrateOnlyRecordsTheRunInTheMeterRegistry() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		this.contextRunner.withPropertyValues("migration.mode=MIGRATE_ONLY")
			.withBean(MeterRegistry.class, () -> registry)
			.run((context) -> {
			});
		assertThat(this.exitStatus).hasValue(0);
		assertThat(registry.get(MigrationMeters.RUN).tags("name", "liquibase", "outcome", "success").timer().count())
			.isOne();
		assertThat(registry.get(MigrationMeters.APPLIED).tag("name", "liquibase").counter().count()).isOne();
		assertThat(registry.get(MigrationMeters.LOCK_WAIT).tag("name", "liquibase").timer().count()).isOne();
	}

	@Test
	void migrateOnlyRecordsAFailedRunWithItsOutcome() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		this.contextRunner
			.withPropertyValues("migration.mode=MIGRATE_ONLY",
					"spring.liquibase.change-log=classpath:db/changelog/missing.xml")
			.withBean(MeterRegistry.class, () -> registry)
			.run((context) -> {
			});
		assertThat(this.exitStatus).hasValue(4);
		assertThat(registry.get(MigrationMeters.RUN).tag("outcome", "changelog_invalid").timer().count()).isOne();
		assertThat(registry.get(MigrationMeters.APPLIED).counter().count()).isZero();
	}

	@Test
	void statusGaugesFollowTheReadinessCheck() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		this.contextRunner.withPropertyValues("migration.readiness.refresh-interval=100ms")
			.withBean(MeterRegistry.class, () -> registry)
			.run((context) -> {
				context.getBean(MigrationStatusMeterBinder.class).bindTo(registry);
				Gauge pending = registry.get(MigrationStatusMeterBinder.PENDING).tag("name", "liquibase").gauge();
				Gauge upToDate = registry.get(MigrationStatusMeterBinder.UP_TO_DATE).tag("name", "liquibase").gauge();
				awaitValue(pending, 1.0);
				assertThat(upToDate.value()).isZero();
				migrate();
				awaitValue(upToDate, 1.0);
				assertThat(pending.value()).isZero();
			});
	}

	private void migrate() {
		this.contextRunner.withPropertyValues("migration.mode=MIGRATE_ONLY").run((context) -> {
		});
		assertThat(this.exitStatus).hasValue(0);
		this.exitStatus.set(-1);
	}

	private static void awaitValue(Gauge gauge, double expected) {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (gauge.value() != expected) {
			assertThat(System.nanoTime()).as("gauge %s reaching %s", gauge.getId(), expected).isLessThan(deadline);
			Thread.onSpinWait();
		}
	}

}
