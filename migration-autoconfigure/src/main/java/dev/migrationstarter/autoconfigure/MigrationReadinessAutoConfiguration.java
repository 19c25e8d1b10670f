package dev.migrationstarter.autoconfigure;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import dev.migrationstarter.mode.MigrationMode;
import dev.migrationstarter.readiness.FirstStatusReadTrigger;
import dev.migrationstarter.readiness.MigrationReadinessHealthIndicator;
import dev.migrationstarter.readiness.MigrationStatusMonitor;
import dev.migrationstarter.readiness.MigrationStatusMonitors;
import dev.migrationstarter.readiness.ReadinessSettings;
import dev.migrationstarter.status.ChangelogIndex;
import dev.migrationstarter.status.ChangelogStatusReaders;
import liquibase.integration.spring.SpringLiquibase;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.liquibase.autoconfigure.LiquibaseAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
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
@ConditionalOnMigrationMode(MigrationMode.NORMAL)
@EnableConfigurationProperties(MigrationProperties.class)
public final class MigrationReadinessAutoConfiguration {

	@Bean
	static FirstStatusReadTrigger firstStatusReadTrigger() {
		return new FirstStatusReadTrigger();
	}

	@Bean
	@ConditionalOnMissingBean
	MigrationStatusMonitors migrationStatusMonitors(Map<String, SpringLiquibase> liquibases,
			ObjectProvider<DataSource> dataSource, ResourceLoader resourceLoader, Environment environment,
			MigrationProperties properties, ObjectProvider<ChangelogIndex> index) {
		ReadinessSettings settings = properties.getReadiness().toSettings();
		Map<String, MigrationStatusMonitor> monitors = new LinkedHashMap<>();
		new ChangelogStatusReaders(dataSource.getIfUnique(), environment, resourceLoader, Clock.systemUTC(),
				index.getIfAvailable())
			.readers(liquibases)
			.forEach((name, reader) -> monitors.put(name, new MigrationStatusMonitor(reader, settings)));
		MigrationStatusMonitors statusMonitors = new MigrationStatusMonitors(monitors);
		statusMonitors.start();
		return statusMonitors;
	}

	@Bean
	@ConditionalOnMissingBean(name = "migrationHealthContributor")
	HealthContributor migrationHealthContributor(MigrationStatusMonitors monitors, MigrationProperties properties) {
		boolean failWhenAhead = properties.getReadiness().isFailWhenAhead();
		Map<String, HealthIndicator> indicators = new LinkedHashMap<>();
		monitors.asMap()
			.forEach((name, monitor) -> indicators.put(name,
					new MigrationReadinessHealthIndicator(monitor, failWhenAhead)));
		if (indicators.isEmpty()) {
			return (HealthIndicator) () -> Health.up()
				.withDetail("reason", "no Liquibase migration is configured")
				.build();
		}
		return (indicators.size() == 1) ? indicators.values().iterator().next()
				: CompositeHealthContributor.fromMap(indicators);
	}

}
