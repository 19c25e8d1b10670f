package dev.migrationstarter.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import dev.migrationstarter.core.MigrationEngine;
import dev.migrationstarter.core.MigrationTarget;
import dev.migrationstarter.core.MigrationTargetFactory;
import dev.migrationstarter.flyway.DeferringFlywayMigrationStrategy;
import dev.migrationstarter.flyway.FlywayMigrationStrategyDeferral;
import dev.migrationstarter.flyway.FlywayTargetFactory;
import dev.migrationstarter.testsupport.DatabaseServer;
import dev.migrationstarter.testsupport.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationInitializer;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link FlywayMigrationAutoConfiguration}.
 *
 * @author migration-starter
 */
class FlywayMigrationAutoConfigurationTests {

	private final TestDatabase database = DatabaseServer.h2().createDatabase();

	@TempDir
	Path migrations;

	private ApplicationContextRunner contextRunner;

	@BeforeEach
	void writeMigrations() throws IOException {
		Files.writeString(this.migrations.resolve("V1__create_greeting.sql"),
				"CREATE TABLE greeting (id INT PRIMARY KEY);");
		this.contextRunner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class,
					FlywayMigrationAutoConfiguration.class))
			.withPropertyValues("spring.datasource.url=" + this.database.jdbcUrl(),
					"spring.flyway.locations=filesystem:" + this.migrations);
	}

	@Test
	void keepsTheFlywayBeanButRunsNoMigrationOnStartup() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(Flyway.class);
			assertThat(context).getBean(FlywayMigrationStrategy.class)
				.isInstanceOfSatisfying(DeferringFlywayMigrationStrategy.class,
						(strategy) -> assertThat(strategy.isDeferring()).isTrue());
			assertThat(historyTableExists()).isFalse();
		});
	}

	@Test
	void migratesOnStartupWhenMigrateOnStartupIsSet() {
		this.contextRunner.withPropertyValues("migration.migrate-on-startup=true").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(historyTableExists()).isTrue();
			assertThat(this.database.tableExists("greeting")).isTrue();
		});
	}

	@Test
	void neverMigratesOnStartupInARunAndExitMode() {
		this.contextRunner.withPropertyValues("migration.migrate-on-startup=true", "migration.mode=migration-status")
			.run((context) -> {
				context.getBean(Flyway.class);
				assertThat(context).hasNotFailed();
				assertThat(historyTableExists()).isFalse();
			});
	}

	@Test
	void runsTheApplicationsOwnStrategyOnlyWhenMigrateOnStartupIsSet() {
		this.contextRunner.withUserConfiguration(UserStrategyConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(FlywayMigrationStrategy.class);
			assertThat(context.getBean(UserStrategyConfiguration.class).calls).hasValue(0);
			assertThat(historyTableExists()).isFalse();
		});
		this.contextRunner.withUserConfiguration(UserStrategyConfiguration.class)
			.withPropertyValues("migration.migrate-on-startup=true")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(UserStrategyConfiguration.class).calls).hasValue(1);
				assertThat(historyTableExists()).isTrue();
			});
	}

	@Test
	void anInitializerOfTheApplicationsOwnMigratesOnlyWhenMigrateOnStartupIsSet() {
		this.contextRunner.withUserConfiguration(UserInitializerConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(FlywayMigrationInitializer.class);
			assertThat(context.getBean(FlywayMigrationInitializer.class).getOrder()).isEqualTo(42);
			assertThat(historyTableExists()).isFalse();
		});
		this.contextRunner.withUserConfiguration(UserInitializerConfiguration.class)
			.withPropertyValues("migration.migrate-on-startup=true")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(historyTableExists()).isTrue();
			});
	}

	@Test
	void offersEveryFlywayBeanAsAMigrationTarget() {
		this.contextRunner.run((context) -> {
			assertThat(context.getBean(FlywayTargetFactory.class).targets(MigrationTargetFactory.Use.MONITOR))
				.singleElement()
				.satisfies((target) -> {
					assertThat(target.name()).isEqualTo("flyway");
					assertThat(target.engine()).isEqualTo(MigrationEngine.FLYWAY);
					assertThat(target.readStatus(null, true).pending()).hasSize(1);
				});
			assertThat(historyTableExists()).isFalse();
		});
	}

	@Test
	void configuresNothingForFlywayWithoutFlyway() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(Flyway.class)).run((context) -> {
			assertThat(context).hasNotFailed()
				.doesNotHaveBean(FlywayTargetFactory.class)
				.doesNotHaveBean(FlywayMigrationStrategy.class)
				.doesNotHaveBean(FlywayMigrationStrategyDeferral.class)
				.doesNotHaveBean(MigrationTarget.class);
		});
	}

	@Test
	void configuresNothingForFlywayWithoutSpringBootsFlywaySupport() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(FlywayMigrationAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader("org.springframework.boot.flyway"))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(FlywayTargetFactory.class)
				.doesNotHaveBean(FlywayMigrationStrategyDeferral.class));
	}

	private boolean historyTableExists() {
		return this.database.tableExists("\"flyway_schema_history\"");
	}

	@Configuration(proxyBeanMethods = false)
	static class UserStrategyConfiguration {

		final AtomicInteger calls = new AtomicInteger();

		@Bean
		FlywayMigrationStrategy userStrategy() {
			return (flyway) -> {
				this.calls.incrementAndGet();
				flyway.migrate();
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserInitializerConfiguration {

		@Bean
		FlywayMigrationInitializer ownFlywayInitializer(Flyway flyway) {
			FlywayMigrationInitializer initializer = new FlywayMigrationInitializer(flyway);
			initializer.setOrder(42);
			return initializer;
		}

	}

}
