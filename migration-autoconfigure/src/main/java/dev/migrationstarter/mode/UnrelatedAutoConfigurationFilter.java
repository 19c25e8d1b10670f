package dev.migrationstarter.mode;

import java.util.List;

import org.springframework.boot.autoconfigure.AutoConfigurationImportFilter;
import org.springframework.boot.autoconfigure.AutoConfigurationMetadata;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;

/**
 * In a run-and-exit mode, skips the auto-configurations that a migration never uses
 * (actuator, web servers and clients, messaging, templating, serialisation, scheduling,
 * JMX, AOP proxies, transaction management, SSL bundles; meter registries are kept), so
 * that their classes are neither loaded nor evaluated, and their bean post-processors
 * neither created nor applied to every bean.
 *
 * <p>
 * Only Spring Boot's own auto-configurations are skipped, by the packages of Spring Boot
 * they live in: a third-party or the application's own auto-configuration is always kept,
 * whatever its name, since it may declare the {@code SpringLiquibase} bean.
 *
 * <p>
 * Lazy initialisation already keeps their beans from being created; skipping them also
 * saves the start-up time spent parsing and evaluating them. Everything a
 * {@code SpringLiquibase} bean may depend on (data sources, JDBC, Liquibase, context
 * infrastructure, the application's own configuration) is kept; Liquibase runs its own
 * transactions on its own connection, and the migration lock uses its own
 * {@code JdbcTemplate}. {@code migration.trim-auto-configuration=false} turns the filter
 * off.
 *
 * @author migration-starter
 */
public class UnrelatedAutoConfigurationFilter implements AutoConfigurationImportFilter, EnvironmentAware {

	private static final String SPRING_BOOT_PACKAGE = "org.springframework.boot.";

	static final List<String> UNRELATED_PACKAGE_SEGMENTS = List.of(".actuate.", ".health.", ".metrics.",
			".observation.", ".tracing.", ".web.", ".webmvc.", ".webflux.", ".servlet.", ".reactive.", ".tomcat.",
			".jetty.", ".netty.", ".undertow.", ".http.", ".restclient.", ".webclient.", ".websocket.", ".graphql.",
			".hateoas.", ".rsocket.", ".jackson.", ".gson.", ".jsonb.", ".task.", ".jmx.", ".admin.", ".info.",
			".mail.", ".cache.", ".session.", ".thymeleaf.", ".freemarker.", ".mustache.", ".groovy.", ".kafka.",
			".amqp.", ".jms.", ".pulsar.", ".integration.", ".sendgrid.", ".webservices.", ".aop.", ".transaction.",
			".persistence.", ".availability.", ".ssl.");

	private boolean active;

	@Override
	public void setEnvironment(Environment environment) {
		this.active = environment instanceof ConfigurableEnvironment configurable
				&& MigrationModes.get(configurable).mode().isRunAndExit()
				&& environment.getProperty("migration.trim-auto-configuration", Boolean.class, true);
	}

	@Override
	public boolean[] match(String[] autoConfigurationClasses, AutoConfigurationMetadata autoConfigurationMetadata) {
		boolean[] matches = new boolean[autoConfigurationClasses.length];
		for (int i = 0; i < autoConfigurationClasses.length; i++) {
			String candidate = autoConfigurationClasses[i];
			matches[i] = !this.active || candidate == null || !isUnrelated(candidate);
		}
		return matches;
	}

	static boolean isUnrelated(String autoConfigurationClass) {
		if (!autoConfigurationClass.startsWith(SPRING_BOOT_PACKAGE) || isMeterRegistry(autoConfigurationClass)) {
			return false;
		}
		String packageName = autoConfigurationClass.substring(0, autoConfigurationClass.lastIndexOf('.') + 1);
		String withinSpringBoot = packageName.substring(SPRING_BOOT_PACKAGE.length() - 1);
		if (autoConfigurationClass.endsWith("EndpointAutoConfiguration")) {
			return true;
		}
		return UNRELATED_PACKAGE_SEGMENTS.stream().anyMatch(withinSpringBoot::contains);
	}

	// a migration job records its meters and publishes them through a push registry
	private static boolean isMeterRegistry(String autoConfigurationClass) {
		return autoConfigurationClass.contains(".metrics.autoconfigure.export.")
				|| autoConfigurationClass.endsWith(".metrics.autoconfigure.MetricsAutoConfiguration")
				|| autoConfigurationClass.endsWith(".metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration");
	}

}
