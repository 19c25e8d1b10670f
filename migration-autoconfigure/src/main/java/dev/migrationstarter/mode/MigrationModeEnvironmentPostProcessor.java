package dev.migrationstarter.mode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.CommandLinePropertySource;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;

/**
 * Turns {@code --migrate-only}, {@code --migration-status}, {@code --await-schema} (or
 * {@code migration.mode}) into a process that starts no web server and initialises beans
 * only on demand.
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
	 * The command line flag that selects {@link MigrationMode#MIGRATION_STATUS}.
	 */
	public static final String MIGRATION_STATUS_ARGUMENT = "migration-status";

	/**
	 * The command line flag that selects {@link MigrationMode#AWAIT_SCHEMA}.
	 */
	public static final String AWAIT_SCHEMA_ARGUMENT = "await-schema";

	/**
	 * The command line flag that makes {@code --migrate-only} print its SQL instead of
	 * applying it.
	 */
	public static final String DRY_RUN_ARGUMENT = "dry-run";

	/**
	 * The property that holds the mode.
	 */
	public static final String MODE_PROPERTY = "migration.mode";

	/**
	 * The property that turns a migration into a dry run.
	 */
	public static final String DRY_RUN_PROPERTY = "migration.dry-run";

	static final String PROPERTY_SOURCE_NAME = "migrationMode";

	private static final Map<String, MigrationMode> MODE_ARGUMENTS = Map.of(MIGRATE_ONLY_ARGUMENT,
			MigrationMode.MIGRATE_ONLY, MIGRATION_STATUS_ARGUMENT, MigrationMode.MIGRATION_STATUS,
			AWAIT_SCHEMA_ARGUMENT, MigrationMode.AWAIT_SCHEMA);

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		MigrationMode mode = resolveMode(environment);
		boolean dryRun = isDryRun(environment);
		if (dryRun && mode != MigrationMode.MIGRATE_ONLY) {
			throw new IllegalArgumentException("--" + DRY_RUN_ARGUMENT + " (" + DRY_RUN_PROPERTY
					+ ") only applies to --" + MIGRATE_ONLY_ARGUMENT + "; add --" + MIGRATE_ONLY_ARGUMENT);
		}
		if (!mode.isRunAndExit()) {
			return;
		}
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put(MODE_PROPERTY, mode.name());
		properties.put(DRY_RUN_PROPERTY, Boolean.toString(dryRun));
		properties.put("spring.main.web-application-type", "none");
		properties.put("spring.main.lazy-initialization", "true");
		environment.getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE_NAME, properties));
	}

	/**
	 * Resolve the mode the process was started in.
	 * @param environment the environment
	 * @return the mode
	 * @throws IllegalArgumentException if the mode is unknown or more than one mode was
	 * asked for
	 */
	public static MigrationMode resolveMode(ConfigurableEnvironment environment) {
		List<String> arguments = new ArrayList<>();
		MODE_ARGUMENTS.keySet().stream().sorted().filter((name) -> hasFlag(environment, name)).forEach(arguments::add);
		if (arguments.size() > 1) {
			throw new IllegalArgumentException("Conflicting arguments --" + String.join(" and --", arguments)
					+ "; give one of --migrate-only, --migration-status, --await-schema");
		}
		if (arguments.size() == 1) {
			return MODE_ARGUMENTS.get(arguments.get(0));
		}
		String mode = environment.getProperty(MODE_PROPERTY);
		if (mode == null || mode.isBlank()) {
			return MigrationMode.NORMAL;
		}
		String normalized = mode.trim().replace('-', '_').toUpperCase(Locale.ROOT);
		try {
			return MigrationMode.valueOf(normalized);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("Unknown " + MODE_PROPERTY + " '" + mode
					+ "'; expected one of normal, migrate-only, migration-status, await-schema");
		}
	}

	private static boolean isDryRun(ConfigurableEnvironment environment) {
		return hasFlag(environment, DRY_RUN_ARGUMENT)
				|| environment.getProperty(DRY_RUN_PROPERTY, Boolean.class, false);
	}

	private static boolean hasFlag(ConfigurableEnvironment environment, String name) {
		PropertySource<?> commandLine = environment.getPropertySources()
			.get(CommandLinePropertySource.COMMAND_LINE_PROPERTY_SOURCE_NAME);
		if (commandLine == null || !commandLine.containsProperty(name)) {
			return false;
		}
		Object value = commandLine.getProperty(name);
		return value == null || "".equals(value) || "true".equalsIgnoreCase(value.toString());
	}

}
