package dev.migrationstarter.readiness;

import java.util.Arrays;
import java.util.Map;

import dev.migrationstarter.core.MigrationEngine;
import dev.migrationstarter.mode.MigrationMode;
import dev.migrationstarter.mode.MigrationModes;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.ClassUtils;

/**
 * Adds the {@code migration} health contributor to the readiness probe group by default.
 *
 * <p>
 * The default goes last, so an application that configures
 * {@code management.endpoint.health.group.readiness.include} itself decides, and
 * {@code migration.readiness.enabled=false} leaves the group alone.
 *
 * @author migration-starter
 */
public class ReadinessGroupEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	static final String INCLUDE_PROPERTY = "management.endpoint.health.group.readiness.include";

	private static final String HEALTH_INDICATOR_CLASS = "org.springframework.boot.health.contributor.HealthIndicator";

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		ClassLoader classLoader = application.getClassLoader();
		if (!ClassUtils.isPresent(HEALTH_INDICATOR_CLASS, classLoader)
				|| Arrays.stream(MigrationEngine.values())
					.noneMatch((engine) -> ClassUtils.isPresent(engine.beanClassName(), classLoader))
				|| !MigrationModes.peek(environment)
					.map((selection) -> selection.mode() == MigrationMode.NORMAL)
					.orElse(false)
				|| !environment.getProperty("migration.readiness.enabled", Boolean.class, true)
				|| environment.containsProperty(INCLUDE_PROPERTY)) {
			return;
		}
		environment.getPropertySources()
			.addLast(new MapPropertySource("migrationReadinessGroup",
					Map.of(INCLUDE_PROPERTY, "readinessState,migration")));
	}

}
