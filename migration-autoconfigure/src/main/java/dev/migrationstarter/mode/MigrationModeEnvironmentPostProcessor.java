package dev.migrationstarter.mode;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.CommandLinePropertySource;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;

/**
 * Turns {@code --migrate-only} or {@code migration.mode=migrate-only} into a process that
 * starts no web server and initialises beans only on demand.
 *
 * <p>
 * It runs after the config data processor so that the mode can come from profiles, config
 * files and environment variables, and before {@code spring.main.*} is bound onto the
 * {@link SpringApplication}, which is what lets it switch the web server off.
 *
 * @author migration-starter
 */
public class MigrationModeEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/**
	 * The command line flag that selects {@link MigrationMode#MIGRATE_ONLY}.
	 */
	public static final String MIGRATE_ONLY_ARGUMENT = "migrate-only";

	/**
	 * The property that holds the mode.
	 */
	public static final String MODE_PROPERTY = "migration.mode";

	static final String PROPERTY_SOURCE_NAME = "migrationMode";

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		MigrationMode mode = resolveMode(environment);
		if (mode == MigrationMode.NORMAL) {
			return;
		}
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put(MODE_PROPERTY, mode.name());
		properties.put("spring.main.web-application-type", "none");
		properties.put("spring.main.lazy-initialization", "true");
		environment.getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE_NAME, properties));
	}

	/**
	 * Resolve the mode the process was started in.
	 * @param environment the environment
	 * @return the mode
	 */
	public static MigrationMode resolveMode(ConfigurableEnvironment environment) {
		if (hasMigrateOnlyArgument(environment)) {
			return MigrationMode.MIGRATE_ONLY;
		}
		String mode = environment.getProperty(MODE_PROPERTY);
		if (mode == null || mode.isBlank()) {
			return MigrationMode.NORMAL;
		}
		String normalized = mode.trim().replace('-', '_').toUpperCase(java.util.Locale.ROOT);
		try {
			return MigrationMode.valueOf(normalized);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(
					"Unknown " + MODE_PROPERTY + " '" + mode + "'; expected one of normal, migrate-only");
		}
	}

	private static boolean hasMigrateOnlyArgument(ConfigurableEnvironment environment) {
		PropertySource<?> commandLine = environment.getPropertySources()
			.get(CommandLinePropertySource.COMMAND_LINE_PROPERTY_SOURCE_NAME);
		if (commandLine == null || !commandLine.containsProperty(MIGRATE_ONLY_ARGUMENT)) {
			return false;
		}
		Object value = commandLine.getProperty(MIGRATE_ONLY_ARGUMENT);
		return value == null || "".equals(value) || "true".equalsIgnoreCase(value.toString());
	}

}
