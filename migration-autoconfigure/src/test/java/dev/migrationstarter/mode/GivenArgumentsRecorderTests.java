package dev.migrationstarter.mode;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.bootstrap.DefaultBootstrapContext;
import org.springframework.boot.logging.DeferredLogs;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link GivenArgumentsRecorder} and the decision that reads what it records.
 *
 * @author migration-starter
 */
class GivenArgumentsRecorderTests {

	@Test
	void refusesAFlagWithAnEmptyValueThatTheCommandLinePropertySourceReadsAsBare() {
		StandardEnvironment environment = decide("--migrate-only=");
		assertThatExceptionOfType(InvalidMigrationInputException.class)
			.isThrownBy(() -> MigrationModes.get(environment))
			.withMessageStartingWith("Invalid argument '--migrate-only='");
	}

	@Test
	void acceptsExactFlagsAndOtherArguments() {
		StandardEnvironment environment = decide("--migrate-only", "--dry-run", "--server.port=0",
				"--migration.mode=migrate-only");
		assertThat(MigrationModes.get(environment)).isEqualTo(new ModeSelection(MigrationMode.MIGRATE_ONLY, true));
	}

	@Test
	void recordsTheArgumentsInTheBootstrapContext() {
		DefaultBootstrapContext bootstrapContext = new DefaultBootstrapContext();
		new GivenArgumentsRecorder(new SpringApplication(), new String[] { "--migrate-only=", "x" })
			.starting(bootstrapContext);
		assertThat(bootstrapContext.get(GivenArgumentsRecorder.GivenArguments.class).values())
			.containsExactly("--migrate-only=", "x");
	}

	private static StandardEnvironment decide(String... arguments) {
		DefaultBootstrapContext bootstrapContext = new DefaultBootstrapContext();
		new GivenArgumentsRecorder(new SpringApplication(), arguments).starting(bootstrapContext);
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new SimpleCommandLinePropertySource(arguments));
		new MigrationModeEnvironmentPostProcessor(new DeferredLogs(), bootstrapContext)
			.postProcessEnvironment(environment, new SpringApplication());
		return environment;
	}

}
