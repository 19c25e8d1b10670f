package dev.migrationstarter.autoconfigure;

import java.time.Clock;

import dev.migrationstarter.check.AwaitSchemaCommand;
import dev.migrationstarter.check.MigrationStatusCommand;
import dev.migrationstarter.core.MigrationListener;
import dev.migrationstarter.guard.GuardListener;
import dev.migrationstarter.guard.GuardPolicy;
import dev.migrationstarter.guard.MigrationGuard;
import dev.migrationstarter.guard.locks.LockRetryListener;
import dev.migrationstarter.guard.locks.LockTimeoutGuard;
import dev.migrationstarter.lock.DatabaseMigrationLock;
import dev.migrationstarter.lock.MigrationLock;
import dev.migrationstarter.mode.LazyEverythingPostProcessor;
import dev.migrationstarter.mode.MigrationMode;
import dev.migrationstarter.mode.MigrationModes;
import dev.migrationstarter.runner.ChangeSetLockGuard;
import dev.migrationstarter.runner.DropFirstRefusal;
import dev.migrationstarter.runner.InertLifecycleProcessor;
import dev.migrationstarter.runner.LiquibaseMigrator;
import dev.migrationstarter.runner.MigrateOnlyRunner;
import dev.migrationstarter.runner.ProcessExit;
import dev.migrationstarter.runner.RunReportFile;
import dev.migrationstarter.startup.LiquibaseOnStartupSuppressor;
import dev.migrationstarter.status.ChangelogIndex;
import dev.migrationstarter.status.ChangelogStatusReaders;
import liquibase.integration.spring.SpringLiquibase;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.liquibase.autoconfigure.LiquibaseAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.LifecycleProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@link AutoConfiguration Auto-configuration} of the run-and-exit modes:
 * {@code --migrate-only} (and its {@code --dry-run}), {@code --migration-status} and
 * {@code --await-schema}.
 *
 * @author migration-starter
 */
@AutoConfiguration(before = LifecycleAutoConfiguration.class,
		after = { MigrationAutoConfiguration.class, LiquibaseAutoConfiguration.class })
@ConditionalOnClass(SpringLiquibase.class)
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
		static DropFirstRefusal dropFirstRefusal() {
			return new DropFirstRefusal();
		}

		@Bean
		@ConditionalOnMissingBean
		MigrationLock migrationLock(MigrationProperties properties) {
			return new DatabaseMigrationLock(properties.getLock().toSettings());
		}

		@Bean
		@ConditionalOnMissingBean(ChangeSetLockGuard.class)
		LockTimeoutGuard lockTimeoutGuard(MigrationProperties properties, ObjectProvider<LockRetryListener> listeners) {
			return new LockTimeoutGuard(properties.getGuard().toLockTimeoutSettings(),
					listeners.orderedStream().toList());
		}

		@Bean
		@ConditionalOnMissingBean
		LiquibaseMigrator liquibaseMigrator(MigrationLock migrationLock, MigrationProperties properties,
				ObjectProvider<MigrationListener> listeners, ObjectProvider<ChangelogIndex> index,
				ConfigurableApplicationContext context, MigrationGuard guard, ChangeSetLockGuard lockGuard) {
			ChangelogStatusReaders readers = new ChangelogStatusReaders(null, context.getEnvironment(), context,
					Clock.systemUTC(), index.getIfAvailable());
			return new LiquibaseMigrator(migrationLock, properties.getProgress().getHeartbeatInterval(),
					listeners.orderedStream().toList(), readers::forMigration, properties.isSkipWhenUpToDate(), guard,
					lockGuard);
		}

		@Bean
		MigrateOnlyRunner migrateOnlyRunner(ConfigurableApplicationContext context, LiquibaseMigrator migrator,
				LiquibaseOnStartupSuppressor suppressor, ProcessExit processExit, MigrationProperties properties) {
			return new MigrateOnlyRunner(context, migrator, suppressor::isDeferred, processExit,
					properties.isDryRun() ? MigrationModes.standardOutput(context.getEnvironment()) : null);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMigrationMode(MigrationMode.MIGRATION_STATUS)
	static class MigrationStatusConfiguration {

		@Bean
		MigrationStatusCommand migrationStatusCommand(ConfigurableApplicationContext context,
				LiquibaseOnStartupSuppressor suppressor, ProcessExit processExit, MigrationGuard guard,
				MigrationProperties properties) {
			return new MigrationStatusCommand(context, suppressor::isDeferred, processExit,
					MigrationModes.standardOutput(context.getEnvironment()),
					(properties.getGuard().getPolicy() != GuardPolicy.OFF) ? guard : null);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMigrationMode(MigrationMode.AWAIT_SCHEMA)
	static class AwaitSchemaConfiguration {

		@Bean
		AwaitSchemaCommand awaitSchemaCommand(ConfigurableApplicationContext context,
				LiquibaseOnStartupSuppressor suppressor, ProcessExit processExit, MigrationProperties properties) {
			return new AwaitSchemaCommand(context, suppressor::isDeferred, processExit,
					properties.getAwait().getTimeout(), properties.getAwait().getPollInterval());
		}

	}

}
