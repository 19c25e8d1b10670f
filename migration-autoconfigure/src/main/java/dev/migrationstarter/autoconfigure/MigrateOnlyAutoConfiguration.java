package dev.migrationstarter.autoconfigure;

import dev.migrationstarter.lock.MigrationLock;
import dev.migrationstarter.mode.LazyEverythingPostProcessor;
import dev.migrationstarter.lock.ShedLockMigrationLock;
import dev.migrationstarter.runner.InertLifecycleProcessor;
import dev.migrationstarter.runner.LiquibaseMigrator;
import dev.migrationstarter.runner.MigrateOnlyRunner;
import dev.migrationstarter.runner.ProcessExit;
import dev.migrationstarter.startup.LiquibaseOnStartupSuppressor;
import liquibase.integration.spring.SpringLiquibase;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;

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

/**
 * {@link AutoConfiguration Auto-configuration} of the {@code --migrate-only} mode.
 *
 * @author migration-starter
 */
@AutoConfiguration(before = LifecycleAutoConfiguration.class,
		after = { MigrationAutoConfiguration.class, LiquibaseAutoConfiguration.class })
@ConditionalOnClass({ SpringLiquibase.class, JdbcTemplateLockProvider.class })
@ConditionalOnProperty(name = "migration.mode", havingValue = "MIGRATE_ONLY")
@EnableConfigurationProperties(MigrationProperties.class)
public final class MigrateOnlyAutoConfiguration {

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
	MigrationLock migrationLock(MigrationProperties properties) {
		return new ShedLockMigrationLock(properties.getLock().toSettings());
	}

	@Bean
	@ConditionalOnMissingBean
	LiquibaseMigrator liquibaseMigrator(MigrationLock migrationLock) {
		return new LiquibaseMigrator(migrationLock);
	}

	@Bean
	@ConditionalOnMissingBean
	ProcessExit processExit() {
		return ProcessExit.SYSTEM;
	}

	@Bean
	MigrateOnlyRunner migrateOnlyRunner(ConfigurableApplicationContext context, LiquibaseMigrator migrator,
			LiquibaseOnStartupSuppressor suppressor, ProcessExit processExit) {
		return new MigrateOnlyRunner(context, migrator, suppressor::isDeferred, processExit);
	}

}
