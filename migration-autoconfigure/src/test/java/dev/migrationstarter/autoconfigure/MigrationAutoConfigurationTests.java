package dev.migrationstarter.autoconfigure;

import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import dev.migrationstarter.command.MigrateOnlyRunner;
import dev.migrationstarter.command.ProcessExit;
import dev.migrationstarter.liquibase.LiquibaseOnStartupSuppressor;
import dev.migrationstarter.mode.InertLifecycleProcessor;
import dev.migrationstarter.mode.InvalidMigrationInputException;
import dev.migrationstarter.mode.MigrationMode;
import dev.migrationstarter.mode.MigrationModes;
import dev.migrationstarter.mode.ModeSelection;
import dev.migrationstarter.testsupport.DatabaseServer;
import dev.migrationstarter.testsupport.TestDatabase;
import liquibase.integration.spring.SpringLiquibase;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.liquibase.autoconfigure.LiquibaseAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MigrationAutoConfiguration} and {@link RunAndExitAutoConfiguration}.
 *
 * @author migration-starter
 */
class MigrationAutoConfigurationTests {

	private final TestDatabase database = DatabaseServer.h2().createDatabase();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, LiquibaseAutoConfiguration.class,
				LifecycleAutoConfiguration.class, MigrationAutoConfiguration.class,
				LiquibaseMigrationAutoConfiguration.class, RunAndExitAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=" + this.database.jdbcUrl(),
				"spring.liquibase.analytics-enabled=false",
				"spring.liquibase.change-log=classpath:db/changelog/autoconfigure-test-changelog.xml");

	@Test
	void keepsTheLiquibaseBeanButRunsNoMigrationOnStartup() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(SpringLiquibase.class).hasSingleBean(LiquibaseOnStartupSuppressor.class);
			assertThat(context).doesNotHaveBean(MigrateOnlyRunner.class);
			assertThat(context.getBean("lifecycleProcessor")).isNotInstanceOf(InertLifecycleProcessor.class);
			assertThat(this.database.tableExists("DATABASECHANGELOG")).isFalse();
		});
	}

	@Test
	void keepsUserDefinedLiquibaseBeansFromMigratingOnStartup() {
		this.contextRunner.withUserConfiguration(UserLiquibaseConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(SpringLiquibase.class).hasBean("userLiquibase");
			assertThat(context.getBean(LiquibaseOnStartupSuppressor.class).isDeferred("userLiquibase")).isTrue();
			assertThat(this.database.tableExists("widget")).isFalse();
		});
	}

	@Test
	void migratesOnStartupWhenMigrateOnStartupIsSet() {
		this.contextRunner.withPropertyValues("migration.migrate-on-startup=true").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(this.database.appliedChangeSetIds()).containsExactly("1");
		});
	}

	@Test
	void liquibaseDisabledStillSwitchesLiquibaseOffEntirely() {
		this.contextRunner.withPropertyValues("spring.liquibase.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(SpringLiquibase.class);
			assertThat(this.database.tableExists("DATABASECHANGELOG")).isFalse();
		});
	}

	@Test
	void migrateOnlyModeMigratesThenClosesTheContextAndExitsWithZero() {
		AtomicInteger exitStatus = new AtomicInteger(-1);
		this.contextRunner.withPropertyValues("migration.mode=MIGRATE_ONLY")
			.withBean(ProcessExit.class, () -> exitStatus::set)
			.run((context) -> assertThat(context.isActive()).isFalse());
		assertThat(exitStatus).hasValue(0);
		assertThat(this.database.appliedChangeSetIds()).containsExactly("1");
	}

	@Test
	void migrateOnlyModeReplacesTheLifecycleProcessorSoNothingIsStarted() {
		this.contextRunner.withPropertyValues("migration.mode=MIGRATE_ONLY")
			.withBean(ProcessExit.class, () -> (status) -> {
			})
			.run((context) -> assertThat(
					context.getBeanFactory().getBeanDefinition("lifecycleProcessor").getResolvableType().toClass())
				.isAssignableFrom(InertLifecycleProcessor.class));
	}

	@Test
	void rejectsALeaseTooShortToBeKeptAlive() {
		this.contextRunner.withPropertyValues("migration.mode=MIGRATE_ONLY", "migration.lock.lease=10s")
			.withBean(ProcessExit.class, () -> (status) -> {
			})
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidMigrationInputException.class)
				.hasMessage("must be at least 30s, was 10s."));
	}

	@Test
	void migrateOnlyRefusesAUserLiquibaseBeanThatDropsFirstBeforeAnySqlRuns() {
		AtomicInteger exitStatus = new AtomicInteger(-1);
		this.database.jdbc().execute("CREATE TABLE keep_me (id INT)");
		this.contextRunner.withUserConfiguration(DroppingLiquibaseConfiguration.class)
			.withPropertyValues("migration.mode=migrate-only")
			.withBean(ProcessExit.class, () -> exitStatus::set)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidMigrationInputException.class)
				.hasMessageStartingWith("Liquibase bean 'userLiquibase' drops the schema first"));
		assertThat(this.database.tableExists("keep_me")).isTrue();
		assertThat(this.database.tableExists("DATABASECHANGELOG")).isFalse();
		assertThat(this.database.tableExists("migration_lock")).isFalse();
	}

	@Test
	void runAndExitBeansFollowTheModeInItsPropertySpelling() {
		AtomicInteger exitStatus = new AtomicInteger(-1);
		this.contextRunner.withPropertyValues("migration.mode=migration-status")
			.withBean(ProcessExit.class, () -> exitStatus::set)
			.run((context) -> assertThat(context.isActive()).isFalse());
		assertThat(exitStatus).as("the status command found the changeset pending").hasValue(2);
		assertThat(this.database.tableExists("DATABASECHANGELOG")).isFalse();
	}

	@Test
	void migrateOnStartupIsIgnoredByARunAndExitModeAndEveryBeanFollowsTheOneDecision() {
		AtomicInteger exitStatus = new AtomicInteger(-1);
		this.contextRunner.withPropertyValues("migration.mode=Migration_Status", "migration.migrate-on-startup=true")
			.withBean(ProcessExit.class, () -> exitStatus::set)
			.run((context) -> {
				assertThat(MigrationModes.get(context.getEnvironment()))
					.isEqualTo(new ModeSelection(MigrationMode.MIGRATION_STATUS, false, false));
				assertThat(context.getEnvironment().getProperty("migration.mode")).isEqualTo("migration-status");
			});
		assertThat(exitStatus).as("the status command found the changeset pending").hasValue(2);
		assertThat(this.database.tableExists("DATABASECHANGELOG")).as("nothing migrated on startup").isFalse();
	}

	@Configuration(proxyBeanMethods = false)
	static class DroppingLiquibaseConfiguration {

		@Bean
		SpringLiquibase userLiquibase(DataSource dataSource) {
			SpringLiquibase liquibase = new SpringLiquibase();
			liquibase.setDataSource(dataSource);
			liquibase.setChangeLog("classpath:db/changelog/autoconfigure-test-changelog.xml");
			liquibase.setDropFirst(true);
			return liquibase;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserLiquibaseConfiguration {

		@Bean
		SpringLiquibase userLiquibase(DataSource dataSource) {
			SpringLiquibase liquibase = new SpringLiquibase();
			liquibase.setDataSource(dataSource);
			liquibase.setChangeLog("classpath:db/changelog/autoconfigure-test-changelog.xml");
			return liquibase;
		}

	}

}
