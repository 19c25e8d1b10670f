package dev.migrationstarter.autoconfigure;

import java.util.List;

import dev.migrationstarter.flyway.DeferringFlywayMigrationStrategy;
import dev.migrationstarter.flyway.FlywayMigrationStrategyDeferral;
import dev.migrationstarter.flyway.FlywayTargets;
import dev.migrationstarter.mode.MigrationModes;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * {@link AutoConfiguration Auto-configuration} that takes Flyway out of application
 * startup and offers every {@code Flyway} bean as a migration target.
 *
 * @author migration-starter
 */
@AutoConfiguration(beforeName = "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration")
@ConditionalOnClass(
		name = { "org.flywaydb.core.Flyway", "org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy" })
@EnableConfigurationProperties(MigrationProperties.class)
public final class FlywayMigrationAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	FlywayMigrationStrategy flywayMigrationStrategy(Environment environment) {
		return new DeferringFlywayMigrationStrategy(deferred(environment));
	}

	@Bean
	static FlywayMigrationStrategyDeferral flywayMigrationStrategyDeferral(Environment environment) {
		return new FlywayMigrationStrategyDeferral(deferred(environment));
	}

	@Bean
	@ConditionalOnMissingBean
	FlywayTargets flywayTargets(ListableBeanFactory beanFactory, MigrationProperties properties) {
		return new FlywayTargets(beanFactory,
				List.of(properties.getLock().getTableName(), properties.getChangelogIndex().getTableName()));
	}

	private static boolean deferred(Environment environment) {
		boolean runAndExit = MigrationModes.get(environment).mode().isRunAndExit();
		return runAndExit || !environment.getProperty("migration.migrate-on-startup", Boolean.class, false);
	}

}
