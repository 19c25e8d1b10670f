package dev.migrationstarter.autoconfigure;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import dev.migrationstarter.readiness.MigrationReadinessHealthIndicator;
import dev.migrationstarter.readiness.MigrationStatusMonitor;
import dev.migrationstarter.readiness.ReadinessSettings;
import dev.migrationstarter.status.ChangelogStatusReader;
import liquibase.integration.spring.SpringLiquibase;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.liquibase.autoconfigure.LiquibaseAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.io.ResourceLoader;

/**
 * {@link AutoConfiguration Auto-configuration} of the readiness check that keeps the
 * application unready while its schema is behind its changelog.
 *
 * @author migration-starter
 */
@AutoConfiguration(after = { LiquibaseAutoConfiguration.class, MigrationAutoConfiguration.class })
@ConditionalOnClass(name = { "org.springframework.boot.health.contributor.HealthIndicator",
		"liquibase.integration.spring.SpringLiquibase" })
@ConditionalOnBooleanProperty(name = "migration.readiness.enabled", matchIfMissing = true)
@ConditionalOnProperty(name = "migration.mode", havingValue = "NORMAL", matchIfMissing = true)
@EnableConfigurationProperties(MigrationProperties.class)
public final class MigrationReadinessAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "migrationHealthContributor")
	HealthContributor migrationHealthContributor(Map<String, SpringLiquibase> liquibases,
			ObjectProvider<DataSource> dataSource, ResourceLoader resourceLoader, MigrationProperties properties) {
		ReadinessSettings settings = properties.getReadiness().toSettings();
		if (liquibases.isEmpty()) {
			return (HealthIndicator) () -> Health.up()
				.withDetail("reason", "no Liquibase migration is configured")
				.build();
		}
		Map<String, HealthIndicator> indicators = new LinkedHashMap<>();
		liquibases.forEach((name, liquibase) -> {
			DataSource readDataSource = dataSource.getIfUnique(liquibase::getDataSource);
			MigrationStatusMonitor monitor = new MigrationStatusMonitor(
					new ChangelogStatusReader(liquibase, resourceLoader, readDataSource, Clock.systemUTC()), settings);
			monitor.start();
			indicators.put(name, new MigrationReadinessHealthIndicator(monitor, settings.failWhenAhead()));
		});
		return (indicators.size() == 1) ? indicators.values().iterator().next()
				: CompositeHealthContributor.fromMap(indicators);
	}

}
