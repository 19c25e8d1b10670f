package dev.migrationstarter.mode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.migrationstarter.mode.GivenArgumentsRecorder.GivenArguments;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.bootstrap.BootstrapContext;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Decides the mode of the process once, from the arguments as given and the environment,
 * publishes the decision for {@link MigrationModes}, and turns a run-and-exit mode into a
 * process that starts no web server, prints no banner and initialises beans only on
 * demand.
 *
 * <p>
 * It runs after the config data processor so that the mode can come from profiles, config
 * files and environment variables, and before {@code spring.main.*} is bound onto the
 * {@link SpringApplication}, which is what lets it switch the web server off. The
 * arguments are those {@link GivenArgumentsRecorder} kept; an environment that no
 * {@code SpringApplication} prepared has its command line property source read instead.
 * The decision is published with the properties it implies in their canonical spelling
 * ({@code migration.mode=migrate-only}, {@code migration.dry-run},
 * {@code migration.migrate-on-startup}). Invalid input is recorded, not thrown: logging
 * is not initialised yet, and Logback's configuration before that prints every stack
 * trace; {@link MigrationInputValidator} reports it once logging is set up.
 *
 * @author migration-starter
 */
public class MigrationModeEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	static final String LOGGING_DEFAULTS_SOURCE_NAME = "migrationLoggingDefaults";

	static final String RUN_AND_EXIT_DEFAULTS_SOURCE_NAME = "migrationRunAndExitDefaults";

	/**
	 * Runs after the other post-processors at the default order that may add properties,
	 * and before those of this starter that read the mode.
	 */
	public static final int ORDER = Ordered.LOWEST_PRECEDENCE - 10;

	private final Log logger;

	private final BootstrapContext bootstrapContext;

	public MigrationModeEnvironmentPostProcessor(DeferredLogFactory logFactory, BootstrapContext bootstrapContext) {
		this.logger = logFactory.getLog(MigrationModeEnvironmentPostProcessor.class);
		this.bootstrapContext = bootstrapContext;
	}

	MigrationModeEnvironmentPostProcessor() {
		this.logger = LogFactory.getLog(MigrationModeEnvironmentPostProcessor.class);
		this.bootstrapContext = null;
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		ModeSelection selection;
		try {
			selection = ModeParser.parse(givenArguments(environment), environment);
		}
		catch (InvalidMigrationInputException ex) {
			MigrationModes.publish(environment, new MigrationModes.Published(ex));
			return;
		}
		logDecision(selection);
		Map<String, Object> properties = MigrationModes.canonicalProperties(selection);
		if (selection.isRunAndExit()) {
			properties.put("spring.main.web-application-type", "none");
			properties.put("spring.main.lazy-initialization", "true");
			properties.put("spring.main.banner-mode", "off");
			// SIGTERM ends a run-and-exit process through its own hook, with a last line
			// that matches its exit code, not through a context close racing the work
			properties.put("spring.main.register-shutdown-hook", "false");
		}
		MigrationModes.publish(environment, new MigrationModes.Published(properties, selection));
		addLoggingDefaults(environment, selection.mode());
		if (selection.isRunAndExit()) {
			addRunAndExitDefaults(environment);
		}
	}

	// defaults below every other source, so that any setting of the application wins: a
	// process that migrates and exits needs a connection or two, not a pool kept full of
	// ten, which on a shared database server costs every migrator started together
	private static void addRunAndExitDefaults(ConfigurableEnvironment environment) {
		environment.getPropertySources().remove(RUN_AND_EXIT_DEFAULTS_SOURCE_NAME);
		environment.getPropertySources()
			.addLast(new MapPropertySource(RUN_AND_EXIT_DEFAULTS_SOURCE_NAME,
					Map.of("spring.datasource.hikari.minimum-idle", "1")));
	}

	private List<String> givenArguments(ConfigurableEnvironment environment) {
		if (this.bootstrapContext != null && this.bootstrapContext.isRegistered(GivenArguments.class)) {
			return this.bootstrapContext.get(GivenArguments.class).values();
		}
		return ModeParser.commandLineArguments(environment);
	}

	private void logDecision(ModeSelection selection) {
		if (!this.logger.isDebugEnabled()) {
			return;
		}
		StringBuilder line = new StringBuilder("Mode ").append(selection.mode().value());
		if (selection.dryRun()) {
			line.append(", dry run");
		}
		if (selection.migratesOnStartup()) {
			line.append(", migrating on startup");
		}
		if (this.bootstrapContext != null
				&& this.bootstrapContext.isRegistered(BackgroundPreinitializationOptOut.class)) {
			boolean optedOut = this.bootstrapContext.get(BackgroundPreinitializationOptOut.class).isOptedOut();
			line.append(optedOut ? "; Spring Boot's background pre-initialisation skipped"
					: "; Spring Boot's background pre-initialisation left on");
			if (selection.isRunAndExit() && !optedOut) {
				line.append(" (the mode was not visible in the process's arguments, system properties or "
						+ "environment variables)");
			}
		}
		this.logger.debug(line);
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
