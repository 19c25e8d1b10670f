package dev.migrationstarter.autoconfigure;

import dev.migrationstarter.status.ChangelogIndex;
import dev.migrationstarter.status.ChangelogStatusReaders;
import dev.migrationstarter.status.UnmigratedChangelogWarning;

import dev.migrationstarter.mode.MigrationModes;
import dev.migrationstarter.startup.LiquibaseOnStartupSuppressor;
import liquibase.integration.spring.SpringLiquibase;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.liquibase.autoconfigure.LiquibaseAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * {@link AutoConfiguration Auto-configuration} that takes Liquibase out of application
 * startup.
 *
 * @author migration-starter
 */
@AutoConfiguration(before = LiquibaseAutoConfiguration.class)
@ConditionalOnClass(SpringLiquibase.class)
@EnableConfigurationProperties(MigrationProperties.class)
public final class MigrationAutoConfiguration {

	@Bean
	static LiquibaseOnStartupSuppressor liquibaseOnStartupSuppressor(ConfigurableEnvironment environment) {
		boolean runAndExit = MigrationModes.get(environment).mode().isRunAndExit();
		boolean migrateOnStartup = environment.getProperty("migration.migrate-on-startup", Boolean.class, false);
		return new LiquibaseOnStartupSuppressor(runAndExit || !migrateOnStartup,
				runAndExit || ChangelogStatusReaders.liquibaseUrlNamesAnotherDatabase(environment));
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

}
