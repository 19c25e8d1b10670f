package dev.migrationstarter.mode;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.mock.env.MockPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link MigrationModeEnvironmentPostProcessor}.
 *
 * @author migration-starter
 */
class MigrationModeEnvironmentPostProcessorTests {

	private final MigrationModeEnvironmentPostProcessor postProcessor = new MigrationModeEnvironmentPostProcessor();

	@Test
	void migrateOnlyArgumentSwitchesTheWebServerOffAndInitialisesLazily() {
		StandardEnvironment environment = environmentWithArguments("--migrate-only");
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("migration.mode")).isEqualTo("MIGRATE_ONLY");
		assertThat(environment.getProperty("spring.main.web-application-type")).isEqualTo("none");
		assertThat(environment.getProperty("spring.main.lazy-initialization")).isEqualTo("true");
	}

	@Test
	void modePropertyFromAnEnvironmentVariableSelectsMigrateOnly() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MockPropertySource().withProperty("migration.mode", "migrate-only"));
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("spring.main.web-application-type")).isEqualTo("none");
	}

	@Test
	void normalStartChangesNothing() {
		StandardEnvironment environment = environmentWithArguments("--server.port=0");
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("spring.main.web-application-type")).isNull();
		assertThat(environment.getProperty("spring.main.lazy-initialization")).isNull();
	}

	@Test
	void unknownModeIsRejectedWithTheAcceptedValues() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MockPropertySource().withProperty("migration.mode", "migrate"));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.postProcessor.postProcessEnvironment(environment, new SpringApplication()))
			.withMessage(
					"Unknown migration.mode 'migrate'; expected one of normal, migrate-only, migration-status, await-schema");
	}

	@Test
	void statusAndAwaitArgumentsSelectTheirModes() {
		StandardEnvironment status = environmentWithArguments("--migration-status");
		this.postProcessor.postProcessEnvironment(status, new SpringApplication());
		assertThat(status.getProperty("migration.mode")).isEqualTo("MIGRATION_STATUS");
		assertThat(status.getProperty("spring.main.web-application-type")).isEqualTo("none");
		StandardEnvironment await = environmentWithArguments("--await-schema");
		this.postProcessor.postProcessEnvironment(await, new SpringApplication());
		assertThat(await.getProperty("migration.mode")).isEqualTo("AWAIT_SCHEMA");
	}

	@Test
	void dryRunArgumentIsPassedOnToMigrateOnly() {
		StandardEnvironment environment = environmentWithArguments("--migrate-only", "--dry-run");
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("migration.dry-run")).isEqualTo("true");
	}

	@Test
	void dryRunWithoutMigrateOnlyIsRejected() {
		StandardEnvironment environment = environmentWithArguments("--dry-run");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.postProcessor.postProcessEnvironment(environment, new SpringApplication()))
			.withMessage("--dry-run (migration.dry-run) only applies to --migrate-only; add --migrate-only");
	}

	@Test
	void twoModeArgumentsAreRejected() {
		StandardEnvironment environment = environmentWithArguments("--migrate-only", "--await-schema");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.postProcessor.postProcessEnvironment(environment, new SpringApplication()))
			.withMessage("Conflicting arguments --await-schema and --migrate-only; "
					+ "give one of --migrate-only, --migration-status, --await-schema");
	}

	private static StandardEnvironment environmentWithArguments(String... args) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new SimpleCommandLinePropertySource(args));
		return environment;
	}

}
