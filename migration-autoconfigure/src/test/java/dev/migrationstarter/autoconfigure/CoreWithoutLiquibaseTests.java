package dev.migrationstarter.autoconfigure;

import java.util.concurrent.atomic.AtomicInteger;

import dev.migrationstarter.command.ProcessExit;
import dev.migrationstarter.core.MigrationTargetFactory;
import dev.migrationstarter.core.MigrationTargets;
import dev.migrationstarter.readiness.MigrationStatusMonitors;
import dev.migrationstarter.testsupport.DatabaseServer;
import dev.migrationstarter.testsupport.TestDatabase;
import liquibase.integration.spring.SpringLiquibase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.liquibase.autoconfigure.LiquibaseAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine-neutral core without Liquibase on the class path: it loads, and the
 * run-and-exit modes end as they do when no engine bean is configured.
 *
 * @author migration-starter
 */
@ExtendWith(OutputCaptureExtension.class)
class CoreWithoutLiquibaseTests {

	private final TestDatabase database = DatabaseServer.h2().createDatabase();

	private final AtomicInteger exitStatus = new AtomicInteger(-1);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withClassLoader(new FilteredClassLoader(SpringLiquibase.class))
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, LiquibaseAutoConfiguration.class,
				LifecycleAutoConfiguration.class, MigrationAutoConfiguration.class,
				LiquibaseMigrationAutoConfiguration.class, RunAndExitAutoConfiguration.class,
				MigrationReadinessAutoConfiguration.class, MigrationMetricsAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=" + this.database.jdbcUrl())
		.withBean(ProcessExit.class, () -> this.exitStatus::set);

	@Test
	void loadsWithoutLiquibaseAndFindsNoTarget() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(MigrationTargets.class)
				.doesNotHaveBean(MigrationTargetFactory.class)
				.doesNotHaveBean(MigrationStatusMonitors.class);
			assertThat(context.getBean(MigrationTargets.class).targets(MigrationTargetFactory.Use.MONITOR)).isEmpty();
		});
	}

	@Test
	void migrateOnlyWithNoEngineAndNoMigrationsEndsWithZeroHavingDoneNothing(CapturedOutput output) {
		this.contextRunner.withPropertyValues("migration.mode=MIGRATE_ONLY")
			.run((context) -> assertThat(context.isActive()).isFalse());
		assertThat(this.exitStatus).hasValue(0);
		assertThat(output).contains("Migration finished (exit code 0): no migration is configured (no migration "
				+ "engine, such as Liquibase or Flyway, is on the class path); nothing was done.");
	}

	@Test
	void migrateOnlyFailsWithFourWhenAChangelogIsConfiguredButNoEngineMigratesIt(CapturedOutput output) {
		this.contextRunner
			.withPropertyValues("migration.mode=MIGRATE_ONLY",
					"spring.liquibase.change-log=classpath:db/changelog/autoconfigure-test-changelog.xml")
			.run((context) -> assertThat(context.isActive()).isFalse());
		assertThat(this.exitStatus).hasValue(4);
		assertThat(output).contains("Migration failed (exit code 4): No Liquibase bean migrates "
				+ "classpath:db/changelog/autoconfigure-test-changelog.xml (spring.liquibase.change-log) (Liquibase is "
				+ "not in the application, or its migrations are switched off). Next: add Liquibase to the "
				+ "application's dependencies, or remove spring.liquibase.change-log and the migrations.");
		assertThat(this.database.tableExists("migration_lock")).isFalse();
	}

	@Test
	void migrationStatusWithNoEngineFindsNothingPending(CapturedOutput output) {
		this.contextRunner.withPropertyValues("migration.mode=MIGRATION_STATUS")
			.run((context) -> assertThat(context.isActive()).isFalse());
		assertThat(this.exitStatus).hasValue(0);
		assertThat(output).contains("Migration status (exit code 0): the schema is up to date.");
	}

}
