package dev.migrationstarter.mode;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;

/**
 * The one accessor of the mode a process runs in: the decision that
 * {@link MigrationModeEnvironmentPostProcessor} made and published in the environment.
 * Where it did not run (an {@code ApplicationContextRunner}, for instance), the first
 * reader parses the environment with {@link ModeParser} and publishes that decision, so
 * that every later reader gets the same one.
 *
 * @author migration-starter
 */
public final class MigrationModes {

	static final String PROPERTY_SOURCE_NAME = "migrationMode";

	private MigrationModes() {
	}

	/**
	 * The mode the process runs in.
	 * @param environment the environment
	 * @return the selection
	 * @throws InvalidMigrationInputException if the input does not name a valid mode
	 */
	public static ModeSelection get(Environment environment) {
		Published published = published(environment);
		if (published != null) {
			return published.selection();
		}
		if (!(environment instanceof ConfigurableEnvironment configurable)) {
			return ModeParser.parse(environment);
		}
		try {
			ModeSelection selection = ModeParser.parse(environment);
			publish(configurable, new Published(canonicalProperties(selection), selection));
			return selection;
		}
		catch (InvalidMigrationInputException ex) {
			publish(configurable, new Published(ex));
			throw ex;
		}
	}

	/**
	 * The mode the process runs in, or nothing when the input is invalid, for readers
	 * that run before the failure can be reported cleanly.
	 * @param environment the environment
	 * @return the selection, if the input is valid
	 */
	public static Optional<ModeSelection> peek(Environment environment) {
		try {
			return Optional.of(get(environment));
		}
		catch (InvalidMigrationInputException ex) {
			return Optional.empty();
		}
	}

	/**
	 * Where machine-readable output (status lines, dry-run SQL) goes: the process's
	 * standard output even when a run-and-exit mode sent the logs to standard error.
	 * @param environment the environment
	 * @return the stream for machine-readable output
	 */
	public static PrintStream standardOutput(Environment environment) {
		Published published = published(environment);
		return (published != null && published.standardOutput != null) ? published.standardOutput : System.out;
	}

	/**
	 * In a run-and-exit mode, and when the mode is invalid, sends everything written to
	 * {@code System.out} (the console appenders of Logback and of Spring Boot's Log4j2
	 * configuration follow it) to standard error, and keeps standard output for
	 * {@link #standardOutput(Environment)}.
	 * @param environment the environment
	 */
	static void sendLogsToStandardError(Environment environment) {
		Published published = published(environment);
		if (published != null && published.standardOutput == null
				&& (published.error != null || published.selection.mode().isRunAndExit())) {
			published.standardOutput = System.out;
			System.setOut(System.err);
		}
	}

	// the decision in the spelling a user's @ConditionalOnProperty expects, whichever
	// spelling or source selected it
	static Map<String, Object> canonicalProperties(ModeSelection selection) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put(ModeParser.MODE_PROPERTY, selection.mode().value());
		properties.put(ModeParser.DRY_RUN_PROPERTY, Boolean.toString(selection.dryRun()));
		properties.put(ModeParser.MIGRATE_ON_STARTUP_PROPERTY, Boolean.toString(selection.migratesOnStartup()));
		return properties;
	}

	static void publish(ConfigurableEnvironment environment, Published published) {
		environment.getPropertySources().remove(PROPERTY_SOURCE_NAME);
		environment.getPropertySources().addFirst(published);
	}

	private static Published published(Environment environment) {
		if (environment instanceof ConfigurableEnvironment configurable) {
			PropertySource<?> source = configurable.getPropertySources().get(PROPERTY_SOURCE_NAME);
			if (source instanceof Published published) {
				return published;
			}
		}
		return null;
	}

	/**
	 * The resolved mode as a property source: the properties a run-and-exit mode sets,
	 * and the selection or the input error itself.
	 */
	static final class Published extends MapPropertySource {

		private final ModeSelection selection;

		private final InvalidMigrationInputException error;

		private PrintStream standardOutput;

		Published(Map<String, Object> properties, ModeSelection selection) {
			super(PROPERTY_SOURCE_NAME, properties);
			this.selection = selection;
			this.error = null;
		}

		Published(InvalidMigrationInputException error) {
			super(PROPERTY_SOURCE_NAME, Map.of());
			this.selection = null;
			this.error = error;
		}

		ModeSelection selection() {
			if (this.error != null) {
				throw this.error;
			}
			return this.selection;
		}

	}

}
