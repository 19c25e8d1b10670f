package dev.migrationstarter.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import dev.migrationstarter.command.ProcessExit;
import dev.migrationstarter.core.MigrationEngine;
import dev.migrationstarter.core.MigrationTargetFactory;
import dev.migrationstarter.core.MigrationTargets;
import dev.migrationstarter.flyway.FlywayTargetFactory;
import dev.migrationstarter.liquibase.LiquibaseTargetFactory;
import dev.migrationstarter.metrics.MigrationMeters;
import dev.migrationstarter.readiness.MigrationStatusMonitors;
import dev.migrationstarter.testsupport.DatabaseServer;
import dev.migrationstarter.testsupport.TestDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import liquibase.integration.spring.SpringLiquibase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.liquibase.autoconfigure.LiquibaseAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The core with Flyway alone (Liquibase not on the class path) and with Liquibase alone
 * (Flyway not on the class path), every auto-configuration of the starter present.
 *
 * @author migration-starter
 */
@ExtendWith(OutputCaptureExtension.class)
class FlywayEngineWiringTests {

	private static final String FIRST_CHECK_RUNNING = "the first check is still running";

	private static final String CHANGELOG = "classpath:db/changelog/autoconfigure-test-changelog.xml";

	private final TestDatabase database = DatabaseServer.h2().createDatabase();

	private final AtomicInteger exitStatus = new AtomicInteger(-1);

	@TempDir
	Path migrations;

	private ApplicationContextRunner contextRunner;

	@BeforeEach
	void writeMigrations() throws IOException {
		Files.writeString(this.migrations.resolve("V1__create_greeting.sql"),
				"CREATE TABLE greeting (id INT PRIMARY KEY);");
		this.contextRunner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
					LiquibaseAutoConfiguration.class, FlywayAutoConfiguration.class, LifecycleAutoConfiguration.class,
					MigrationAutoConfiguration.class, LiquibaseMigrationAutoConfiguration.class,
					FlywayMigrationAutoConfiguration.class, RunAndExitAutoConfiguration.class,
					MigrationReadinessAutoConfiguration.class, MigrationMetricsAutoConfiguration.class))
			.withPropertyValues("spring.datasource.url=" + this.database.jdbcUrl(),
					"spring.flyway.locations=filesystem:" + this.migrations, "spring.liquibase.enabled=false",
					"spring.liquibase.analytics-enabled=false")
			.withBean(ProcessExit.class, () -> this.exitStatus::set);
	}

	@Test
	void flywayAloneMigratesReportsAndWatchesWithoutLiquibase(CapturedOutput output) {
		ApplicationContextRunner flywayAlone = this.contextRunner
			.withClassLoader(new FilteredClassLoader(SpringLiquibase.class));
		flywayAlone.run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(FlywayTargetFactory.class)
				.doesNotHaveBean(LiquibaseTargetFactory.class);
			assertThat(context.getBean(MigrationTargets.class).engines()).containsExactly(MigrationEngine.FLYWAY);
			assertThat(awaitReadiness(context)).isEqualTo(Status.OUT_OF_SERVICE);
		});
		assertThat(exitCode(flywayAlone, "MIGRATION_STATUS")).isEqualTo(2);
		assertThat(output.getOut()).contains("Flyway 'flyway': 1 pending, 0 applied, 0 unknown")
			.contains("  pending  V1__create_greeting.sql");
		assertThat(exitCode(flywayAlone, "MIGRATE_ONLY")).isZero();
		assertThat(output.getOut()).contains("[1/1] V1__create_greeting.sql applied in")
			.contains("Migration finished (exit code 0): 1 migration applied");
		assertThat(this.database.tableExists("greeting")).isTrue();
		flywayAlone.run((context) -> assertThat(awaitReadiness(context)).isEqualTo(Status.UP));
	}

	@Test
	void aFlywayRunIsMeteredWithItsEngine() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		assertThat(exitCode(this.contextRunner.withBean(MeterRegistry.class, () -> registry), "MIGRATE_ONLY")).isZero();
		assertThat(registry.get(MigrationMeters.RUN)
			.tag("name", "flyway")
			.tag("engine", "flyway")
			.tag("outcome", "success")
			.timer()
			.count()).isOne();
		assertThat(registry.get(MigrationMeters.APPLIED).tag("engine", "flyway").counter().count()).isOne();
	}

	@Test
	void liquibaseAloneMigratesWithoutFlyway(CapturedOutput output) {
		ApplicationContextRunner liquibaseAlone = this.contextRunner
			.withClassLoader(new FilteredClassLoader(Flyway.class))
			.withPropertyValues("spring.liquibase.enabled=true", "spring.liquibase.change-log=" + CHANGELOG,
					"migration.changelog-index.enabled=false");
		liquibaseAlone.run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(LiquibaseTargetFactory.class)
				.doesNotHaveBean(FlywayTargetFactory.class);
			assertThat(context.getBean(MigrationTargets.class).targets(MigrationTargetFactory.Use.MONITOR))
				.singleElement()
				.satisfies((target) -> assertThat(target.engine()).isEqualTo(MigrationEngine.LIQUIBASE));
		});
		assertThat(exitCode(liquibaseAlone, "MIGRATE_ONLY")).isZero();
		assertThat(this.database.tableExists("widget")).isTrue();
		assertThat(this.database.tableExists("greeting")).isFalse();
	}

	@Test
	void aFlywayLoginOnTheApplicationDatabaseIsReadThroughTheApplicationLogin(CapturedOutput output) {
		assertThat(exitCode(this.contextRunner, "MIGRATE_ONLY")).isZero();
		ApplicationContextRunner migrationLoginAbsent = this.contextRunner
			.withPropertyValues("spring.flyway.user=no_such_login", "spring.flyway.password=not-mounted");
		assertThat(exitCode(migrationLoginAbsent, "MIGRATION_STATUS")).isZero();
		assertThat(output.getOut()).contains("Flyway 'flyway': 0 pending, 1 applied, 0 unknown");
		migrationLoginAbsent.run((context) -> assertThat(awaitReadiness(context)).isEqualTo(Status.UP));
		assertThat(exitCode(migrationLoginAbsent, "MIGRATE_ONLY"))
			.as("--migrate-only reads with the login that migrates")
			.isEqualTo(5);
	}

	@Test
	void aFlywayUrlNamingAnotherDatabaseIsReadThroughFlywaysOwnDataSource(CapturedOutput output) {
		TestDatabase other = DatabaseServer.h2().createDatabase();
		ApplicationContextRunner flywayElsewhere = this.contextRunner
			.withPropertyValues("spring.flyway.url=" + other.jdbcUrl(), "spring.flyway.user=" + other.username());
		assertThat(exitCode(flywayElsewhere, "MIGRATE_ONLY")).isZero();
		assertThat(other.tableExists("greeting")).isTrue();
		assertThat(this.database.tableExists("greeting")).isFalse();
		assertThat(exitCode(flywayElsewhere, "MIGRATION_STATUS")).isZero();
		assertThat(output.getOut()).contains("Flyway 'flyway': 0 pending, 1 applied, 0 unknown");
		flywayElsewhere.run((context) -> assertThat(awaitReadiness(context)).isEqualTo(Status.UP));
	}

	private int exitCode(ApplicationContextRunner runner, String mode) {
		this.exitStatus.set(-1);
		runner.withPropertyValues("migration.mode=" + mode).run((context) -> {
		});
		return this.exitStatus.get();
	}

	private static Status awaitReadiness(AssertableApplicationContext context) {
		assertThat(context).hasSingleBean(MigrationStatusMonitors.class);
		HealthIndicator indicator = context.getBean("migrationHealthContributor", HealthIndicator.class);
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		Health health = indicator.health();
		while (FIRST_CHECK_RUNNING.equals(health.getDetails().get("reason")) && System.nanoTime() < deadline) {
			Thread.onSpinWait();
			health = indicator.health();
		}
		Status status = health.getStatus();
		return status;
	}

}
