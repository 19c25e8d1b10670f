package dev.migrationstarter.mode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.OriginLookup;
import org.springframework.core.env.CommandLinePropertySource;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;

/**
 * Parses the mode of a process from its arguments ({@code --migrate-only},
 * {@code --migration-status}, {@code --await-schema}, {@code --dry-run}) and from the
 * {@code migration.mode} and {@code migration.dry-run} properties.
 *
 * <p>
 * It is the only reader of these inputs: the decision of the process
 * ({@link MigrationModeEnvironmentPostProcessor}), the early guess of
 * {@link BackgroundPreinitializationOptOut} and {@link MigrationModes} outside a
 * {@code SpringApplication} all parse through {@link #parse(List, Environment)}.
 *
 * <p>
 * The flags are exact and bare: an argument that differs from one only in dashes,
 * underscores, dots, case or an appended value is refused rather than ignored, since
 * ignoring it would start the whole application where a one-off task was meant. A flag
 * and {@code migration.mode} may both be given only when they name the same mode.
 *
 * @author migration-starter
 */
public final class ModeParser {

	/**
	 * The property that holds the mode.
	 */
	public static final String MODE_PROPERTY = "migration.mode";

	/**
	 * The property that turns a migration into a dry run.
	 */
	public static final String DRY_RUN_PROPERTY = "migration.dry-run";

	/**
	 * The flag that makes {@code --migrate-only} print its SQL instead of applying it.
	 */
	public static final String DRY_RUN_FLAG = "--dry-run";

	/**
	 * The property that lets a normal start migrate, as it does without this starter.
	 */
	public static final String MIGRATE_ON_STARTUP_PROPERTY = "migration.migrate-on-startup";

	private static final Map<String, MigrationMode> MODE_FLAGS = Map.of(MigrationMode.MIGRATE_ONLY.flag(),
			MigrationMode.MIGRATE_ONLY, MigrationMode.MIGRATION_STATUS.flag(), MigrationMode.MIGRATION_STATUS,
			MigrationMode.AWAIT_SCHEMA.flag(), MigrationMode.AWAIT_SCHEMA);

	private static final String VALID_FLAGS = "--migrate-only, --migration-status, --await-schema, "
			+ "or --migrate-only --dry-run";

	private static final String VALID_MODES = Arrays.stream(MigrationMode.values())
		.map(MigrationMode::value)
		.collect(Collectors.joining(", "));

	private ModeParser() {
	}

	/**
	 * Parse the mode from the environment alone, with the arguments rebuilt from its
	 * command line property source, where the arguments as given are not known (an
	 * {@code ApplicationContextRunner}, for instance).
	 * @param environment the environment
	 * @return the selection
	 * @throws InvalidMigrationInputException if the input is not a valid mode
	 */
	public static ModeSelection parse(Environment environment) {
		return parse(commandLineArguments(environment), environment);
	}

	/**
	 * Parse the mode from the process arguments, as given, and the environment's
	 * {@code migration.mode}, {@code migration.dry-run} and
	 * {@code migration.migrate-on-startup}.
	 * @param arguments the process arguments; those that are not mode flags are ignored
	 * unless they look like one
	 * @param environment the environment that holds the properties
	 * @return the selection
	 * @throws InvalidMigrationInputException if the input is not a valid mode
	 */
	public static ModeSelection parse(List<String> arguments, Environment environment) {
		ModeSelection selection = parse(arguments, environment.getProperty(MODE_PROPERTY),
				() -> describeOrigin(environment, MODE_PROPERTY), environment.getProperty(DRY_RUN_PROPERTY));
		boolean migratesOnStartup = parseBoolean(MIGRATE_ON_STARTUP_PROPERTY,
				environment.getProperty(MIGRATE_ON_STARTUP_PROPERTY), "Set " + MIGRATE_ON_STARTUP_PROPERTY
						+ " to true or false, or remove it to leave the migration to --migrate-only.");
		return new ModeSelection(selection.mode(), selection.dryRun(), migratesOnStartup);
	}

	/**
	 * Parse the mode from arguments and the values of the mode properties.
	 * @param arguments the process arguments; those that are not mode flags are ignored
	 * unless they look like one
	 * @param mode the value of {@code migration.mode}, if any
	 * @param modeOrigin where that value comes from, for messages
	 * @param dryRun the value of {@code migration.dry-run}, if any
	 * @return the selection
	 * @throws InvalidMigrationInputException if the input is not a valid mode
	 */
	public static ModeSelection parse(List<String> arguments, String mode, Supplier<String> modeOrigin, String dryRun) {
		checkSpelling(arguments);
		List<String> modeFlags = new ArrayList<>();
		boolean dryRunFlag = false;
		for (String argument : arguments) {
			String flag = recognisedFlag(argument);
			if (flag == null) {
				continue;
			}
			if (flag.equals(DRY_RUN_FLAG)) {
				dryRunFlag = true;
			}
			else if (!modeFlags.contains(flag)) {
				modeFlags.add(flag);
			}
		}
		if (modeFlags.size() > 1) {
			throw new InvalidMigrationInputException(
					"Conflicting arguments " + String.join(" and ", modeFlags) + ": a process runs one mode.",
					"Give one of " + VALID_FLAGS + ".");
		}
		MigrationMode propertyMode = parseModeValue(mode, modeOrigin);
		MigrationMode selected;
		if (modeFlags.size() == 1) {
			selected = MODE_FLAGS.get(modeFlags.get(0));
			if (propertyMode != null && propertyMode != selected) {
				throw new InvalidMigrationInputException(
						"Argument " + selected.flag() + " disagrees with " + MODE_PROPERTY + "=" + mode.trim()
								+ " (from " + modeOrigin.get() + "): the two must name the same mode.",
						"Remove " + MODE_PROPERTY + " from the process's configuration, or drop the argument.");
			}
		}
		else {
			selected = (propertyMode != null) ? propertyMode : MigrationMode.NORMAL;
		}
		boolean dryRunSelected = dryRunFlag || parseBoolean(DRY_RUN_PROPERTY, dryRun,
				"Set " + DRY_RUN_PROPERTY + " to true or false, or use the " + DRY_RUN_FLAG + " flag.");
		if (dryRunSelected && selected != MigrationMode.MIGRATE_ONLY) {
			throw new InvalidMigrationInputException(DRY_RUN_FLAG + " (" + DRY_RUN_PROPERTY
					+ ") only applies to --migrate-only, not to mode " + selected.value() + ".",
					"Run --migrate-only --dry-run, or remove " + DRY_RUN_FLAG + ".");
		}
		return new ModeSelection(selected, dryRunSelected);
	}

	/**
	 * Check that every argument that looks like a mode flag is one, exactly.
	 * @param arguments the process arguments
	 * @throws InvalidMigrationInputException for the first argument that looks like a
	 * mode flag but is not one
	 */
	public static void checkSpelling(List<String> arguments) {
		for (String argument : arguments) {
			String flag = recognisedFlag(argument);
			if (flag != null && !argument.equals(flag)) {
				throw new InvalidMigrationInputException(
						"Invalid argument '" + argument + "': mode flags take no value and are spelled exactly "
								+ VALID_FLAGS + ".",
						"Replace '" + argument + "' with " + flag + ", or remove it to start the application.");
			}
		}
	}

	private static String recognisedFlag(String argument) {
		if (!argument.startsWith("-")) {
			return null;
		}
		int equals = argument.indexOf('=');
		String name = (equals >= 0) ? argument.substring(0, equals) : argument;
		String key = normalise(name);
		if (key.equals(normalise(DRY_RUN_FLAG))) {
			return DRY_RUN_FLAG;
		}
		return MODE_FLAGS.keySet().stream().filter((flag) -> normalise(flag).equals(key)).findFirst().orElse(null);
	}

	private static String normalise(String name) {
		StringBuilder normalised = new StringBuilder(name.length());
		for (char character : name.toCharArray()) {
			if (character != '-' && character != '_' && character != '.') {
				normalised.append(Character.toLowerCase(character));
			}
		}
		return normalised.toString();
	}

	private static MigrationMode parseModeValue(String value, Supplier<String> origin) {
		if (value == null || value.isBlank()) {
			return null;
		}
		String normalised = value.trim().replace('-', '_').toUpperCase(Locale.ROOT);
		for (MigrationMode mode : MigrationMode.values()) {
			if (mode.name().equals(normalised)) {
				return mode;
			}
		}
		throw new InvalidMigrationInputException("Unknown " + MODE_PROPERTY + " '" + value + "' (from " + origin.get()
				+ "); valid values are " + VALID_MODES + ".",
				"Set " + MODE_PROPERTY + " to one of " + VALID_MODES + ", or remove it.");
	}

	private static boolean parseBoolean(String property, String value, String action) {
		if (value == null || value.isBlank()) {
			return false;
		}
		String trimmed = value.trim();
		if (trimmed.equalsIgnoreCase("true")) {
			return true;
		}
		if (trimmed.equalsIgnoreCase("false")) {
			return false;
		}
		throw new InvalidMigrationInputException(
				"Invalid " + property + " '" + value + "'; valid values are true and false.", action);
	}

	// Spring keeps the parsed options, not the arguments: an option seen without a value
	// is rebuilt as the bare flag, one with values as one argument per value
	static List<String> commandLineArguments(Environment environment) {
		if (!(environment instanceof ConfigurableEnvironment configurable)) {
			return List.of();
		}
		PropertySource<?> source = configurable.getPropertySources()
			.get(CommandLinePropertySource.COMMAND_LINE_PROPERTY_SOURCE_NAME);
		if (!(source instanceof EnumerablePropertySource<?> commandLine)) {
			return List.of();
		}
		List<String> arguments = new ArrayList<>();
		for (String name : commandLine.getPropertyNames()) {
			if (name.equals(CommandLinePropertySource.DEFAULT_NON_OPTION_ARGS_PROPERTY_NAME)) {
				continue;
			}
			Object value = commandLine.getProperty(name);
			if (value == null || value.toString().isEmpty()) {
				arguments.add("--" + name);
			}
			else {
				for (String single : value.toString().split(",", -1)) {
					arguments.add("--" + name + "=" + single);
				}
			}
		}
		Object nonOptions = commandLine.getProperty(CommandLinePropertySource.DEFAULT_NON_OPTION_ARGS_PROPERTY_NAME);
		if (nonOptions != null && !nonOptions.toString().isEmpty()) {
			arguments.addAll(List.of(nonOptions.toString().split(",")));
		}
		return arguments;
	}

	static String describeOrigin(Environment environment, String property) {
		if (environment instanceof ConfigurableEnvironment configurable) {
			for (PropertySource<?> source : configurable.getPropertySources()) {
				if (ConfigurationPropertySources.isAttachedConfigurationPropertySource(source)
						|| source instanceof MigrationModes.Published) {
					continue;
				}
				if (source instanceof CommandLinePropertySource && source.containsProperty(property)) {
					return "the command line";
				}
				if (source.containsProperty(property)) {
					Origin origin = OriginLookup.getOrigin(source, property);
					return (origin != null) ? origin.toString() : "property source '" + source.getName() + "'";
				}
			}
		}
		return "the environment";
	}

}
