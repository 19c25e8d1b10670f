package dev.migrationstarter.autoconfigure;

import dev.migrationstarter.guard.locks.LockRetryListener;
import dev.migrationstarter.liquibase.DropFirstRefusal;
import dev.migrationstarter.liquibase.LiquibaseOnStartupSuppressor;
import dev.migrationstarter.liquibase.LiquibasePreinitialization;
import dev.migrationstarter.liquibase.LiquibaseTargetFactory;
import dev.migrationstarter.liquibase.locks.ChangeSetLockGuard;
import dev.migrationstarter.liquibase.locks.LockTimeoutGuard;
import dev.migrationstarter.liquibase.status.ChangelogIndex;
import dev.migrationstarter.liquibase.status.ChangelogStatusReaders;
import dev.migrationstarter.liquibase.status.UnmigratedChangelogWarning;
import dev.migrationstarter.mode.MigrationMode;
import dev.migrationstarter.mode.MigrationModes;
import dev.migrationstarter.mode.ModeSelection;
import liquibase.integration.spring.SpringLiquibase;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.liquibase.autoconfigure.LiquibaseAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * {@link AutoConfiguration Auto-configuration} that takes Liquibase out of application
 * startup and puts its beans behind the engine-neutral commands as migration targets.
 *
 * @author migration-starter
 */
@AutoConfiguration(before = { LiquibaseAutoConfiguration.class, MigrationAutoConfiguration.class })
@ConditionalOnClass(SpringLiquibase.class)
@EnableConfigurationProperties(MigrationProperties.class)
public final class LiquibaseMigrationAutoConfiguration {

	@Bean
	static LiquibaseOnStartupSuppressor liquibaseOnStartupSuppressor(ConfigurableEnvironment environment,
			ObjectProvider<LiquibasePreinitialization> preinitialization) {
		ModeSelection selection = MigrationModes.get(environment);
		return new LiquibaseOnStartupSuppressor(selection.defersStartupMigration(),
				selection.isRunAndExit() || ChangelogStatusReaders.liquibaseUrlNamesAnotherDatabase(environment),
				() -> preinitialization.getIfAvailable(LiquibasePreinitialization::none));
	}

	@Bean
	static UnmigratedChangelogWarning unmigratedChangelogWarning() {
		return new UnmigratedChangelogWarning();
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "migration.changelog-index.enabled", matchIfMissing = true)
	ChangelogIndex changelogIndex(MigrationProperties properties) {
		return new ChangelogIndex(properties.getChangelogIndex().getTableName());
	}

	@Bean
	@ConditionalOnMissingBean
	LiquibaseTargetFactory liquibaseTargetFactory(ConfigurableApplicationContext context,
			LiquibaseOnStartupSuppressor suppressor, ObjectProvider<ChangelogIndex> index,
			ObjectProvider<ChangeSetLockGuard> lockGuard,
			ObjectProvider<LiquibasePreinitialization> preinitialization) {
		return new LiquibaseTargetFactory(context, suppressor, index, lockGuard,
				preinitialization.getIfAvailable(LiquibasePreinitialization::none));
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMigrationMode(MigrationMode.MIGRATE_ONLY)
	static class MigrateOnlyConfiguration {

		@Bean
		static DropFirstRefusal dropFirstRefusal() {
			return new DropFirstRefusal();
		}

		@Bean
		@ConditionalOnMissingBean(ChangeSetLockGuard.class)
		LockTimeoutGuard lockTimeoutGuard(MigrationProperties properties, ObjectProvider<LockRetryListener> listeners) {
			return new LockTimeoutGuard(properties.getGuard().toLockTimeoutSettings(),
					listeners.orderedStream().toList());
		}

	}

}
