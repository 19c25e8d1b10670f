package dev.migrationstarter.autoconfigure;

import dev.migrationstarter.command.AwaitSchemaCommand;
import dev.migrationstarter.command.MigrateOnlyRunner;
import dev.migrationstarter.command.MigrationStatusCommand;
import dev.migrationstarter.command.ProcessExit;
import dev.migrationstarter.command.RunReportFile;
import dev.migrationstarter.command.TargetMigrator;
import dev.migrationstarter.core.MigrationListener;
import dev.migrationstarter.core.MigrationTargets;
import dev.migrationstarter.guard.GuardListener;
import dev.migrationstarter.guard.GuardPolicy;
import dev.migrationstarter.guard.MigrationGuard;
import dev.migrationstarter.lock.DatabaseMigrationLock;
import dev.migrationstarter.lock.MigrationLock;
import dev.migrationstarter.mode.InertLifecycleProcessor;
import dev.migrationstarter.mode.LazyEverythingPostProcessor;
import dev.migrationstarter.mode.MigrationMode;
import dev.migrationstarter.mode.MigrationModes;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.LifecycleProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@link AutoConfiguration Auto-configuration} of the run-and-exit modes:
 * {@code --migrate-only} (and its {@code --dry-run}), {@code --migration-status} and
 * {@code --await-schema}, over the migration targets of every engine.
 *
 * @author migration-starter
 */
@AutoConfiguration(before = LifecycleAutoConfiguration.class, after = MigrationAutoConfiguration.class,
		afterName = { "org.springframework.boot.liquibase.autoconfigure.LiquibaseAutoConfiguration",
				"org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration" })
@ConditionalOnMigrationMode({ MigrationMode.MIGRATE_ONLY, MigrationMode.MIGRATION_STATUS, MigrationMode.AWAIT_SCHEMA })
@EnableConfigurationProperties(MigrationProperties.class)
public final class RunAndExitAutoConfiguration {

	@Bean
	static LazyEverythingPostProcessor lazyEverythingPostProcessor() {
		return new LazyEverythingPostProcessor();
	}

	@Bean(name = "lifecycleProcessor")
	@ConditionalOnMissingBean(name = "lifecycleProcessor")
	LifecycleProcessor lifecycleProcessor() {
		return new InertLifecycleProcessor();
	}

	@Bean
	@ConditionalOnMissingBean
	ProcessExit processExit() {
		return ProcessExit.SYSTEM;
	}

	@Bean
	@ConditionalOnProperty("migration.report-file")
	RunReportFile runReportFile(MigrationProperties properties) {
		return new RunReportFile(properties.getReportFile());
	}

	@Bean
	@ConditionalOnMissingBean
	MigrationGuard migrationGuard(MigrationProperties properties, ObjectProvider<GuardListener> listeners) {
		return new MigrationGuard(properties.getGuard().getPolicy(), properties.getGuard().toAcknowledgements(),
				listeners.orderedStream().toList());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(JdbcTemplateLockProvider.class)
	@ConditionalOnMigrationMode(MigrationMode.MIGRATE_ONLY)
	static class MigrateOnlyConfiguration {

		@Bean
		@ConditionalOnMissingBean
		MigrationLock migrationLock(MigrationProperties properties) {
			return new DatabaseMigrationLock(properties.getLock().toSettings());
		}

		@Bean
		@ConditionalOnMissingBean
		TargetMigrator targetMigrator(MigrationLock migrationLock, MigrationProperties properties,
				ObjectProvider<MigrationListener> listeners, MigrationGuard guard) {
			return new TargetMigrator(migrationLock, properties.getProgress().getHeartbeatInterval(),
					listeners.orderedStream().toList(), properties.isSkipWhenUpToDate(), guard);
		}

		@Bean
		MigrateOnlyRunner migrateOnlyRunner(ConfigurableApplicationContext context, TargetMigrator migrator,
				MigrationTargets targets, ProcessExit processExit) {
			return new MigrateOnlyRunner(context, migrator, targets, processExit,
					MigrationModes.get(context.getEnvironment()).dryRun()
							? MigrationModes.standardOutput(context.getEnvironment()) : null);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMigrationMode(MigrationMode.MIGRATION_STATUS)
	static class MigrationStatusConfiguration {

		@Bean
		MigrationStatusCommand migrationStatusCommand(ConfigurableApplicationContext context, MigrationTargets targets,
				ProcessExit processExit, MigrationGuard guard, MigrationProperties properties) {
			return new MigrationStatusCommand(context, targets, processExit,
					MigrationModes.standardOutput(context.getEnvironment()),
					(properties.getGuard().getPolicy() != GuardPolicy.OFF) ? guard : null);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMigrationMode(MigrationMode.AWAIT_SCHEMA)
	static class AwaitSchemaConfiguration {

		@Bean
		AwaitSchemaCommand awaitSchemaCommand(ConfigurableApplicationContext context, MigrationTargets targets,
				ProcessExit processExit, MigrationProperties properties) {
			return new AwaitSchemaCommand(context, targets, processExit, properties.getAwait().getTimeout(),
					properties.getAwait().getPollInterval());
		}

	}

}
