package dev.migrationstarter.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.migrationstarter.core.MigrationEngine;
import dev.migrationstarter.core.MigrationTargetFactory;
import dev.migrationstarter.core.MigrationTargets;
import dev.migrationstarter.mode.MigrationMode;
import dev.migrationstarter.readiness.FirstStatusReadTrigger;
import dev.migrationstarter.readiness.MigrationReadinessHealthIndicator;
import dev.migrationstarter.readiness.MigrationStatusMonitor;
import dev.migrationstarter.readiness.MigrationStatusMonitors;
import dev.migrationstarter.readiness.ReadinessSettings;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * {@link AutoConfiguration Auto-configuration} of the readiness check that keeps the
 * application unready while its schema is behind its migrations, for the targets of every
 * engine.
 *
 * @author migration-starter
 */
@AutoConfiguration(after = MigrationAutoConfiguration.class,
		afterName = { "org.springframework.boot.liquibase.autoconfigure.LiquibaseAutoConfiguration",
				"org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration" })
@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
@ConditionalOnBean(MigrationTargetFactory.class)
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
	MigrationStatusMonitors migrationStatusMonitors(MigrationTargets targets, MigrationProperties properties) {
		ReadinessSettings settings = properties.getReadiness().toSettings();
		Map<String, MigrationStatusMonitor> monitors = new LinkedHashMap<>();
		targets.targets(MigrationTargetFactory.Use.MONITOR)
			.forEach((target) -> monitors.put(target.name(), new MigrationStatusMonitor(target, settings)));
		MigrationStatusMonitors statusMonitors = new MigrationStatusMonitors(monitors);
		statusMonitors.start();
		return statusMonitors;
	}

	@Bean
	@ConditionalOnMissingBean(name = "migrationHealthContributor")
	HealthContributor migrationHealthContributor(MigrationStatusMonitors monitors, MigrationTargets targets,
			MigrationProperties properties) {
		boolean failWhenAhead = properties.getReadiness().isFailWhenAhead();
		Map<String, HealthIndicator> indicators = new LinkedHashMap<>();
		monitors.asMap()
			.forEach((name, monitor) -> indicators.put(name,
					new MigrationReadinessHealthIndicator(monitor, failWhenAhead)));
		if (indicators.isEmpty()) {
			String engines = String.join(" or ", targets.engines().stream().map(MigrationEngine::displayName).toList());
			return (HealthIndicator) () -> Health.up()
				.withDetail("reason", "no " + engines + " migration is configured")
				.build();
		}
		return (indicators.size() == 1) ? indicators.values().iterator().next()
				: CompositeHealthContributor.fromMap(indicators);
	}

}
