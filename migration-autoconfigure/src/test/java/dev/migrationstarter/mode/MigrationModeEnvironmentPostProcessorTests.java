package dev.migrationstarter.mode;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.mock.env.MockPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Tests for {@link MigrationModeEnvironmentPostProcessor}.
 *
 * @author migration-starter
 */
class MigrationModeEnvironmentPostProcessorTests {

	private final MigrationModeEnvironmentPostProcessor postProcessor = new MigrationModeEnvironmentPostProcessor();

	@Test
	void migrateOnlyArgumentSwitchesTheWebServerAndTheBannerOffAndInitialisesLazily() {
		StandardEnvironment environment = postProcess("--migrate-only");
		assertThat(environment.getProperty("migration.mode")).isEqualTo("MIGRATE_ONLY");
		assertThat(environment.getProperty("spring.main.web-application-type")).isEqualTo("none");
		assertThat(environment.getProperty("spring.main.lazy-initialization")).isEqualTo("true");
		assertThat(environment.getProperty("spring.main.banner-mode")).isEqualTo("off");
	}

	@Test
	void modePropertyFromAnEnvironmentVariableSelectsMigrateOnly() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MockPropertySource().withProperty("migration.mode", "migrate-only"));
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("spring.main.web-application-type")).isEqualTo("none");
		assertThat(MigrationModes.get(environment).mode()).isEqualTo(MigrationMode.MIGRATE_ONLY);
	}

	@Test
	void normalStartChangesNothingButTheLevelOfLiquibasesShouldRunNotice() {
		StandardEnvironment environment = postProcess("--server.port=0");
		assertThat(environment.getProperty("spring.main.web-application-type")).isNull();
		assertThat(environment.getProperty("spring.main.lazy-initialization")).isNull();
		assertThat(environment.getProperty("spring.main.banner-mode")).isNull();
		assertThat(environment.getProperty("logging.level.liquibase")).isNull();
		assertThat(environment.getProperty("logging.level.liquibase.integration")).isEqualTo("WARN");
		assertThat(MigrationModes.get(environment)).isEqualTo(ModeSelection.NORMAL);
	}

	@Test
	void runAndExitModeQuietensLiquibaseUnlessTheUserSetItsLevel() {
		assertThat(postProcess("--migration-status").getProperty("logging.level.liquibase")).isEqualTo("WARN");
		StandardEnvironment configured = postProcess("--migration-status", "--logging.level.liquibase=INFO");
		assertThat(configured.getProperty("logging.level.liquibase")).isEqualTo("INFO");
		assertThat(configured.getProperty("logging.level.liquibase.integration")).isNull();
	}

	@Test
	void invalidInputIsRecordedForLaterInsteadOfThrownBeforeLoggingIsSetUp() {
		StandardEnvironment environment = environmentWithArguments("--migrate_only");
		assertThatNoException()
			.isThrownBy(() -> this.postProcessor.postProcessEnvironment(environment, new SpringApplication()));
		assertThat(environment.getProperty("spring.main.web-application-type")).isNull();
		assertThatExceptionOfType(InvalidMigrationInputException.class)
			.isThrownBy(() -> MigrationModes.get(environment))
			.withMessageStartingWith("Invalid argument '--migrate_only'");
		assertThat(MigrationModes.peek(environment)).isEmpty();
	}

	@Test
	void publishedModeIsReadWithoutParsingAgain() {
		StandardEnvironment environment = postProcess("--await-schema");
		environment.getPropertySources().addFirst(new SimpleCommandLinePropertySource("--migrate_only"));
		assertThat(MigrationModes.get(environment).mode()).isEqualTo(MigrationMode.AWAIT_SCHEMA);
	}

	@Test
	void dryRunArgumentIsPassedOnToMigrateOnly() {
		StandardEnvironment environment = postProcess("--migrate-only", "--dry-run");
		assertThat(environment.getProperty("migration.dry-run")).isEqualTo("true");
		assertThat(MigrationModes.get(environment).dryRun()).isTrue();
	}

	private StandardEnvironment postProcess(String... args) {
		StandardEnvironment environment = environmentWithArguments(args);
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		return environment;
	}

	private static StandardEnvironment environmentWithArguments(String... args) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new SimpleCommandLinePropertySource(args));
		return environment;
	}

}
