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
			.withMessage("Unknown migration.mode 'migrate'; expected one of normal, migrate-only");
	}

	private static StandardEnvironment environmentWithArguments(String... args) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new SimpleCommandLinePropertySource(args));
		return environment;
	}

}
