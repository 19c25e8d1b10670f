package dev.migrationstarter.autoconfigure;

import java.time.Duration;

import dev.migrationstarter.guard.locks.LockTimeoutSettings;
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
 * Tests for the lock timeout settings of the zero-downtime guard in
 * {@link MigrationProperties}.
 *
 * @author migration-starter
 */
class LockTimeoutPropertiesValidationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withUserConfiguration(PropertiesConfiguration.class);

	@Test
	void defaultsToAFiveSecondLockTimeoutATwoMinuteBudgetAndNoStatementTimeout() {
		assertThat(new MigrationProperties().getGuard().toLockTimeoutSettings())
			.isEqualTo(new LockTimeoutSettings(Duration.ofSeconds(5), Duration.ZERO, Duration.ofMinutes(2)));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			migration.guard.lock-timeout=-1s             | must be at least 0s, was -1s.
			migration.guard.lock-timeout=2d              | must be at most 1d, was 2d.
			migration.guard.statement-timeout=-5s        | must be at least 0s, was -5s.
			migration.guard.statement-timeout=25h        | must be at most 1d, was 90000s.
			migration.guard.lock-retry-budget=-1m        | must be at least 0s, was -60s.
			migration.guard.lock-retry-budget=400d       | must be at most 365d, was 400d.
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
	@CsvSource({ "migration.guard.lock-timeout=0", "migration.guard.lock-timeout=1d",
			"migration.guard.lock-timeout=200ms", "migration.guard.statement-timeout=1h",
			"migration.guard.lock-retry-budget=0" })
	void acceptsTheBoundaries(String setting) {
		this.contextRunner.withPropertyValues(setting).run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void checkRefusesANegativeLockTimeoutBeforeTheContextExists() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new SimpleCommandLinePropertySource("--migration.guard.lock-timeout=-1s"));
		assertThatException().isThrownBy(() -> MigrationPropertiesCheck.bind(environment))
			.havingRootCause()
			.isInstanceOf(InvalidMigrationInputException.class);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(MigrationProperties.class)
	static class PropertiesConfiguration {

	}

}
