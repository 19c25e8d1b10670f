package dev.migrationstarter.autoconfigure;

import dev.migrationstarter.mode.MigrationMode;
import dev.migrationstarter.metrics.LockRetryMeters;
import dev.migrationstarter.metrics.MigrationMeters;
import dev.migrationstarter.metrics.MigrationStatusMeterBinder;
import dev.migrationstarter.readiness.MigrationStatusMonitors;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link AutoConfiguration Auto-configuration} of the Micrometer meters: the migration
 * run meters in {@code --migrate-only}, and the schema status gauges of the readiness
 * check in a normal start.
 *
 * @author migration-starter
 */
@AutoConfiguration(after = MigrationReadinessAutoConfiguration.class, afterName = {
		"org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MeterRegistry.class)
public final class MigrationMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnMigrationMode(MigrationMode.MIGRATE_ONLY)
	MigrationMeters migrationMeters(MeterRegistry registry) {
		return new MigrationMeters(registry);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnMigrationMode(MigrationMode.MIGRATE_ONLY)
	LockRetryMeters lockRetryMeters(MeterRegistry registry) {
		return new LockRetryMeters(registry);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(MigrationStatusMonitors.class)
	MigrationStatusMeterBinder migrationStatusMeterBinder(MigrationStatusMonitors monitors) {
		return new MigrationStatusMeterBinder(monitors.asMap());
	}

}
