package dev.migrationstarter.mode;

import java.util.List;

import org.springframework.boot.bootstrap.BootstrapRegistry;
import org.springframework.boot.bootstrap.BootstrapRegistryInitializer;

/**
 * Keeps Spring Boot's background pre-initialisation (Jackson, Tomcat, message converters,
 * validation) from starting in a run-and-exit process, which uses none of it and where it
 * would only compete with the migration for the CPU.
 *
 * <p>
 * Spring Boot reads its switch, the system property {@value #IGNORE_PROPERTY}, when
 * {@code SpringApplication} creates its listeners: right after it creates the bootstrap
 * registry initialisers, and before any {@code Environment} exists. So the work is done
 * in the constructor, from what can be seen that early: the process arguments
 * ({@code --migrate-only}, {@code --migration-status}, {@code --await-schema},
 * {@code --migration.mode=...}) and the {@code MIGRATION_MODE} environment variable, read
 * by the same {@link ModeParser} as later. A mode chosen only in a configuration file is
 * recognised later and simply misses this saving. A value of the property that is already
 * set is left alone.
 *
 * @author migration-starter
 */
public class BackgroundPreinitializationOptOut implements BootstrapRegistryInitializer {

	static final String IGNORE_PROPERTY = "spring.backgroundpreinitializer.ignore";

	private static final String MODE_ARGUMENT = "--" + ModeParser.MODE_PROPERTY + "=";

	public BackgroundPreinitializationOptOut() {
		this(ProcessHandle.current().info().arguments().map(List::of).orElse(List.of()),
				System.getenv("MIGRATION_MODE"));
	}

	BackgroundPreinitializationOptOut(List<String> processArguments, String modeVariable) {
		if (System.getProperty(IGNORE_PROPERTY) == null && isRunAndExit(processArguments, modeVariable)) {
			System.setProperty(IGNORE_PROPERTY, "true");
		}
	}

	// invalid input stops the process soon after; the saving does not matter then
	static boolean isRunAndExit(List<String> processArguments, String modeVariable) {
		String mode = processArguments.stream()
			.filter((argument) -> argument.startsWith(MODE_ARGUMENT))
			.reduce((first, second) -> second)
			.map((argument) -> argument.substring(MODE_ARGUMENT.length()))
			.orElse(modeVariable);
		try {
			return ModeParser.parse(processArguments, mode, () -> "MIGRATION_MODE", null).mode().isRunAndExit();
		}
		catch (InvalidMigrationInputException ex) {
			return false;
		}
	}

	@Override
	public void initialize(BootstrapRegistry registry) {
	}

}
