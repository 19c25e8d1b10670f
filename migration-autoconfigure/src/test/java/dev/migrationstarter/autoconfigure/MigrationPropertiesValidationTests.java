package dev.migrationstarter.autoconfigure;

import dev.migrationstarter.mode.InvalidMigrationInputException;
import dev.migrationstarter.mode.InvalidMigrationInputFailureAnalyzer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Tests for the validation of {@link MigrationProperties} and its report.
 *
 * @author migration-starter
 */
class MigrationPropertiesValidationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withUserConfiguration(PropertiesConfiguration.class);

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			migration.lock.lease=1s                         | must be at least 30s, was 1s.
			migration.lock.wait-timeout=300000d             | must be at most 365d, was 300000d.
			migration.lock.wait-timeout=-1s                 | must be at least 0s, was -1s.
			migration.lock.poll-interval=0                  | must be a positive duration such as 5s, was 0s.
			migration.progress.heartbeat-interval=0         | must be a positive duration such as 5s, was 0s.
			migration.await.timeout=-5s                     | must be a positive duration such as 5s, was -5s.
			migration.await.poll-interval=0ms               | must be a positive duration such as 5s, was 0s.
			migration.readiness.refresh-interval=0          | must be a positive duration such as 5s, was 0s.
			migration.readiness.up-to-date-interval=-1m     | must be a positive duration such as 5s, was -60s.
			migration.readiness.probe-timeout=0             | must be a positive duration such as 5s, was 0s.
			""")
	void refusesTheSettingNamingItsValueAndTheRule(String setting, String rule) {
		this.contextRunner.withPropertyValues(setting).run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = new InvalidMigrationInputFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription()).startsWith("Invalid " + setting + " (from ").endsWith(rule);
			assertThat(analysis.getAction()).isNotBlank();
		});
	}

	@ParameterizedTest
	@CsvSource({ "migration.lock.lease=30s", "migration.lock.wait-timeout=0", "migration.await.timeout=365d",
			"migration.readiness.probe-timeout=200ms" })
	void acceptsTheBoundaries(String setting) {
		this.contextRunner.withPropertyValues(setting).run((context) -> assertThat(context).hasNotFailed());
	}

	@ParameterizedTest
	@CsvSource({ "--migration.lock.lease=1s", "--migration.progress.heartbeat-interval=0" })
	void checkRefusesAnInvalidSettingBeforeTheContextExists(String argument) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new SimpleCommandLinePropertySource(argument));
		assertThatException().isThrownBy(() -> MigrationPropertiesCheck.bind(environment))
			.havingRootCause()
			.isInstanceOf(InvalidMigrationInputException.class);
	}

	@Test
	void reportNamesTheCommandLineAsTheOrigin() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new SimpleCommandLinePropertySource("--migration.lock.lease=1s"));
		assertThatException().isThrownBy(() -> MigrationPropertiesCheck.bind(environment))
			.satisfies((ex) -> assertThat(new InvalidMigrationInputFailureAnalyzer().analyze(ex).getDescription())
				.isEqualTo("Invalid migration.lock.lease=1s (from the command line): must be at least 30s, was 1s."));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(MigrationProperties.class)
	static class PropertiesConfiguration {

	}

}
