package dev.migrationstarter.mode;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Resolves the mode of the process once, publishes it for {@link MigrationModes}, and
 * turns a run-and-exit mode into a process that starts no web server, prints no banner
 * and initialises beans only on demand.
 *
 * <p>
 * It runs after the config data processor so that the mode can come from profiles, config
 * files and environment variables, and before {@code spring.main.*} is bound onto the
 * {@link SpringApplication}, which is what lets it switch the web server off. Invalid
 * input is recorded, not thrown: logging is not initialised yet, and Logback's
 * configuration before that prints every stack trace; {@link MigrationInputValidator}
 * reports it once logging is set up.
 *
 * @author migration-starter
 */
public class MigrationModeEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	static final String LOGGING_DEFAULTS_SOURCE_NAME = "migrationLoggingDefaults";

	/**
	 * Runs after the other post-processors at the default order that may add properties,
	 * and before those of this starter that read the mode.
	 */
	public static final int ORDER = Ordered.LOWEST_PRECEDENCE - 10;

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		ModeSelection selection;
		try {
			selection = ModeParser.parse(environment);
		}
		catch (InvalidMigrationInputException ex) {
			MigrationModes.publish(environment, new MigrationModes.Published(ex));
			return;
		}
		Map<String, Object> properties = new LinkedHashMap<>();
		if (selection.mode().isRunAndExit()) {
			properties.put(ModeParser.MODE_PROPERTY, selection.mode().name());
			properties.put(ModeParser.DRY_RUN_PROPERTY, Boolean.toString(selection.dryRun()));
			properties.put("spring.main.web-application-type", "none");
			properties.put("spring.main.lazy-initialization", "true");
			properties.put("spring.main.banner-mode", "off");
			// SIGTERM ends a run-and-exit process through its own hook, with a last line
			// that matches its exit code, not through a context close racing the work
			properties.put("spring.main.register-shutdown-hook", "false");
		}
		MigrationModes.publish(environment, new MigrationModes.Published(properties, selection));
		addLoggingDefaults(environment, selection.mode());
	}

	// Liquibase logs under 'liquibase.*'; a level the user set for it wins. The
	// 'shouldRun' notice of a bean this starter deferred is logged by
	// 'liquibase.integration' at INFO and would tell that nothing ran in every mode
	private static void addLoggingDefaults(ConfigurableEnvironment environment, MigrationMode mode) {
		if (environment.containsProperty("logging.level.liquibase")
				|| environment.containsProperty("logging.level.liquibase.integration")) {
			return;
		}
		Map<String, Object> levels = new LinkedHashMap<>();
		if (mode.isRunAndExit()) {
			levels.put("logging.level.liquibase", "WARN");
		}
		else {
			levels.put("logging.level.liquibase.integration", "WARN");
		}
		environment.getPropertySources().remove(LOGGING_DEFAULTS_SOURCE_NAME);
		environment.getPropertySources().addLast(new MapPropertySource(LOGGING_DEFAULTS_SOURCE_NAME, levels));
	}

}
