package dev.migrationstarter.mode;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link MigrationInputValidator}.
 *
 * @author migration-starter
 */
class MigrationInputValidatorTests {

	@Test
	void refusesDropFirstInMigrateOnlyNamingTheProperty() {
		assertThatExceptionOfType(InvalidMigrationInputException.class)
			.isThrownBy(() -> MigrationInputValidator
				.validate(environment("--migrate-only", "--spring.liquibase.drop-first=true")))
			.withMessage("spring.liquibase.drop-first=true (from the command line) is refused in --migrate-only: "
					+ "a release phase never drops the schema.");
	}

	@Test
	void leavesDropFirstToTheOtherModes() {
		assertThat(MigrationInputValidator.validate(environment("--spring.liquibase.drop-first=true")))
			.isEqualTo(ModeSelection.NORMAL);
		assertThat(
				MigrationInputValidator.validate(environment("--migrate-only", "--spring.liquibase.drop-first=false"))
					.mode())
			.isEqualTo(MigrationMode.MIGRATE_ONLY);
	}

	@Test
	void reportsTheInvalidInputThatThePostProcessorRecorded() {
		assertThatExceptionOfType(InvalidMigrationInputException.class)
			.isThrownBy(() -> MigrationInputValidator.validate(environment("--migration.mode=bogus")))
			.withMessageStartingWith("Unknown migration.mode 'bogus' (from the command line)");
	}

	private static StandardEnvironment environment(String... args) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new SimpleCommandLinePropertySource(args));
		new MigrationModeEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());
		return environment;
	}

}
