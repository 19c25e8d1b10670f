package dev.migrationstarter.autoconfigure;

import java.util.List;

import dev.migrationstarter.flyway.DeferringFlywayMigrationStrategy;
import dev.migrationstarter.flyway.FlywayLockTimeoutGuard;
import dev.migrationstarter.flyway.FlywayMigrationStrategyDeferral;
import dev.migrationstarter.flyway.FlywayTargetFactory;
import dev.migrationstarter.guard.locks.LockRetryListener;
import dev.migrationstarter.mode.MigrationMode;
import dev.migrationstarter.mode.MigrationModes;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * {@link AutoConfiguration Auto-configuration} that takes Flyway out of application
 * startup and puts every {@code Flyway} bean behind the engine-neutral commands as a
 * migration target.
 *
 * @author migration-starter
 */
@AutoConfiguration(before = MigrationAutoConfiguration.class,
		beforeName = "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration")
@ConditionalOnClass(
		name = { "org.flywaydb.core.Flyway", "org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy" })
@EnableConfigurationProperties(MigrationProperties.class)
public final class FlywayMigrationAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	FlywayMigrationStrategy flywayMigrationStrategy(Environment environment) {
		return new DeferringFlywayMigrationStrategy(MigrationModes.get(environment).defersStartupMigration());
	}

	@Bean
	static FlywayMigrationStrategyDeferral flywayMigrationStrategyDeferral(Environment environment) {
		return new FlywayMigrationStrategyDeferral(MigrationModes.get(environment).defersStartupMigration());
	}

	@Bean
	@ConditionalOnMissingBean
	FlywayTargetFactory flywayTargetFactory(ConfigurableApplicationContext context, MigrationProperties properties,
			ObjectProvider<FlywayLockTimeoutGuard> lockGuard) {
		return new FlywayTargetFactory(context,
				List.of(properties.getLock().getTableName(), properties.getChangelogIndex().getTableName()), lockGuard);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMigrationMode(MigrationMode.MIGRATE_ONLY)
	static class MigrateOnlyConfiguration {

		@Bean
		@ConditionalOnMissingBean
		FlywayLockTimeoutGuard flywayLockTimeoutGuard(MigrationProperties properties,
				ObjectProvider<LockRetryListener> listeners) {
			return new FlywayLockTimeoutGuard(properties.getGuard().toLockTimeoutSettings(),
					listeners.orderedStream().toList());
		}

	}

}
