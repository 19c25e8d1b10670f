package dev.migrationstarter.mode;

import java.util.List;
import java.util.Map;

import org.springframework.boot.bootstrap.BootstrapRegistry;
import org.springframework.boot.bootstrap.BootstrapRegistry.InstanceSupplier;
import org.springframework.boot.bootstrap.BootstrapRegistryInitializer;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Keeps Spring Boot's background pre-initialisation (Jackson, Tomcat, message converters,
 * validation) from starting in a run-and-exit process, which uses none of it and where it
 * would only compete with the migration for the CPU.
 *
 * <p>
 * Spring Boot reads its switch, the system property {@value #IGNORE_PROPERTY}, once, when
 * {@code SpringApplication} creates its listeners: right after it creates the bootstrap
 * registry initialisers, and before any {@code Environment} or argument exists. So the
 * switch is set in the constructor, from the mode that {@link ModeParser} parses out of
 * what can be seen that early: the process's own arguments, the system properties and the
 * environment variables ({@code --migrate-only}, {@code --migration.mode=...},
 * {@code -Dmigration.mode=...}, {@code MIGRATION_MODE}). The decision made later from the
 * full environment ({@link MigrationModeEnvironmentPostProcessor}) differs from it only
 * when the mode is set in a configuration file (the saving is then missed) or when the
 * application passes other arguments to {@code SpringApplication.run} than the process
 * got. {@link #initialize} restores the switch once Spring Boot has read it, so that it
 * does not outlive this application, and leaves this guess to the decision. A value of
 * the property that is already set is left alone.
 *
 * @author migration-starter
 */
public class BackgroundPreinitializationOptOut implements BootstrapRegistryInitializer {

	static final String IGNORE_PROPERTY = "spring.backgroundpreinitializer.ignore";

	private static final String PROPERTY_ARGUMENT_PREFIX = "--migration.";

	private final boolean optedOut;

	public BackgroundPreinitializationOptOut() {
		this(ProcessHandle.current().info().arguments().map(List::of).orElse(List.of()), System.getenv());
	}

	BackgroundPreinitializationOptOut(List<String> processArguments, Map<String, String> environmentVariables) {
		this.optedOut = System.getProperty(IGNORE_PROPERTY) == null
				&& isRunAndExit(processArguments, environmentVariables);
		if (this.optedOut) {
			System.setProperty(IGNORE_PROPERTY, "true");
		}
	}

	/**
	 * Whether the process's own arguments, the system properties and the given
	 * environment variables select a run-and-exit mode, as {@link ModeParser} reads them.
	 * @param processArguments the arguments of the Java process, JVM options included
	 * @param environmentVariables the environment variables
	 * @return whether they select a valid run-and-exit mode
	 */
	static boolean isRunAndExit(List<String> processArguments, Map<String, String> environmentVariables) {
		try {
			return ModeParser.parse(processArguments, earlyEnvironment(processArguments, environmentVariables))
				.isRunAndExit();
		}
		catch (RuntimeException ex) {
			// invalid input (a refused flag, a property that does not convert) stops the
			// process soon after, reported by the decision; the saving does not matter
			// then
			return false;
		}
	}

	// the property sources a SpringApplication puts before the configuration files, with
	// Spring Boot's relaxed names; JVM options are not the application's options, and
	// only
	// the starter's own are picked out of the process arguments
	private static StandardEnvironment earlyEnvironment(List<String> processArguments,
			Map<String, String> environmentVariables) {
		StandardEnvironment environment = new StandardEnvironment();
		MutablePropertySources sources = environment.getPropertySources();
		sources.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
				new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
						Map.<String, Object>copyOf(environmentVariables)));
		String[] propertyArguments = processArguments.stream()
			.filter((argument) -> argument.startsWith(PROPERTY_ARGUMENT_PREFIX))
			.toArray(String[]::new);
		if (propertyArguments.length > 0) {
			sources.addFirst(new SimpleCommandLinePropertySource(propertyArguments));
		}
		ConfigurationPropertySources.attach(environment);
		return environment;
	}

	/**
	 * Whether this process opted out of Spring Boot's background pre-initialisation.
	 * @return whether the switch was set
	 */
	boolean isOptedOut() {
		return this.optedOut;
	}

	@Override
	public void initialize(BootstrapRegistry registry) {
		if (this.optedOut) {
			System.clearProperty(IGNORE_PROPERTY);
		}
		registry.register(BackgroundPreinitializationOptOut.class, InstanceSupplier.of(this));
	}

}
