package dev.migrationstarter.autoconfigure;

import dev.migrationstarter.core.MigrationTargetFactory;
import dev.migrationstarter.core.MigrationTargets;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * {@link AutoConfiguration Auto-configuration} of the engine-neutral core: the one place
 * that finds the migration targets of every engine.
 *
 * @author migration-starter
 */
@AutoConfiguration
@EnableConfigurationProperties(MigrationProperties.class)
public final class MigrationAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	MigrationTargets migrationTargets(ObjectProvider<MigrationTargetFactory> factories,
			ConfigurableApplicationContext context) {
		return new MigrationTargets(factories.orderedStream().toList(), context.getEnvironment(), context);
	}

}
