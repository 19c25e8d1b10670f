package dev.migrationstarter.mode;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.bootstrap.DefaultBootstrapContext;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.test.util.ReflectionTestUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link BackgroundPreinitializationOptOut}.
 *
 * @author migration-starter
 */
class BackgroundPreinitializationOptOutTests {

	private static final String PREINITIALIZING_LISTENER = "BackgroundPreinitializingApplicationListener";

	@AfterEach
	void clearProperty() {
		System.clearProperty(BackgroundPreinitializationOptOut.IGNORE_PROPERTY);
	}

	@Test
	void recognisesEveryRunAndExitModeOnTheCommandLine() {
		for (String argument : List.of("--migrate-only", "--migration-status", "--await-schema",
				"--migration.mode=migrate-only", "--migration.mode=AWAIT_SCHEMA")) {
			assertThat(BackgroundPreinitializationOptOut.isRunAndExit(List.of("-jar", "app.jar", argument), Map.of()))
				.as(argument)
				.isTrue();
		}
	}

	@Test
	void recognisesARunAndExitModeInTheEnvironmentVariable() {
		assertThat(BackgroundPreinitializationOptOut.isRunAndExit(List.of("-jar", "app.jar"),
				Map.of("MIGRATION_MODE", "migrate-only")))
			.isTrue();
	}

	@Test
	void leavesANormalStartAlone() {
		assertThat(BackgroundPreinitializationOptOut.isRunAndExit(List.of("-jar", "app.jar", "--server.port=8080"),
				Map.of()))
			.isFalse();
		assertThat(BackgroundPreinitializationOptOut.isRunAndExit(List.of("--migration.mode=normal"),
				Map.of("MIGRATION_MODE", "normal")))
			.isFalse();
		assertThat(BackgroundPreinitializationOptOut.isRunAndExit(List.of("--migrate-only-later"),
				Map.of("MIGRATION_MODE", " ")))
			.isFalse();
	}

	@Test
	void leavesInvalidInputToTheParserThatReportsIt() {
		assertThat(BackgroundPreinitializationOptOut.isRunAndExit(List.of("--migrate-only=true"), Map.of())).isFalse();
		assertThat(BackgroundPreinitializationOptOut.isRunAndExit(List.of("--migration-status"),
				Map.of("MIGRATION_MODE", "migrate-only")))
			.isFalse();
	}

	@Test
	void setsSpringBootsSwitchOnlyForARunAndExitProcess() {
		new BackgroundPreinitializationOptOut(List.of("--server.port=8080"), Map.of());
		assertThat(System.getProperty(BackgroundPreinitializationOptOut.IGNORE_PROPERTY)).isNull();
		new BackgroundPreinitializationOptOut(List.of("--migrate-only"), Map.of());
		assertThat(System.getProperty(BackgroundPreinitializationOptOut.IGNORE_PROPERTY)).isEqualTo("true");
	}

	@Test
	void leavesAValueThatIsAlreadySet() {
		System.setProperty(BackgroundPreinitializationOptOut.IGNORE_PROPERTY, "false");
		new BackgroundPreinitializationOptOut(List.of("--migrate-only"), Map.of());
		assertThat(System.getProperty(BackgroundPreinitializationOptOut.IGNORE_PROPERTY)).isEqualTo("false");
	}

	@Test
	void readsTheEarlyInputsAsTheDecisionDoesWithRelaxedNames() {
		assertThat(BackgroundPreinitializationOptOut.isRunAndExit(List.of("-jar", "app.jar"),
				Map.of("MIGRATION_MODE", "MIGRATION_STATUS")))
			.isTrue();
		assertThat(BackgroundPreinitializationOptOut.isRunAndExit(List.of("-jar", "app.jar", "--migrate-only"),
				Map.of("MIGRATION_DRYRUN", "true")))
			.isTrue();
		assertThat(BackgroundPreinitializationOptOut.isRunAndExit(List.of("-jar", "app.jar", "--migration-status"),
				Map.of("MIGRATION_DRYRUN", "true")))
			.as("a dry run without --migrate-only is refused")
			.isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "--migrate-only=TRUE", "--migrate-only=true", "--migrate-only=", "--MIGRATE-ONLY" })
	void leavesEveryRefusedSpellingOfAFlagAloneAsTheDecisionRefusesIt(String argument) {
		assertThat(BackgroundPreinitializationOptOut.isRunAndExit(List.of("-jar", "app.jar", argument), Map.of()))
			.isFalse();
		assertThatExceptionOfType(InvalidMigrationInputException.class)
			.isThrownBy(() -> ModeParser.parse(List.of(argument), new StandardEnvironment()));
	}

	@Test
	void ignoresJvmOptionsBeforeTheApplicationsArguments() {
		assertThat(BackgroundPreinitializationOptOut.isRunAndExit(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1",
				"--add-opens=java.base/java.lang=ALL-UNNAMED", "-Dspring.profiles.active=job", "-jar", "app.jar"),
				Map.of()))
			.isFalse();
	}

	@Test
	void restoresSpringBootsSwitchOnceSpringBootHasReadItAndHandsTheGuessOn() {
		BackgroundPreinitializationOptOut optOut = new BackgroundPreinitializationOptOut(List.of("--migrate-only"),
				Map.of());
		DefaultBootstrapContext registry = new DefaultBootstrapContext();
		optOut.initialize(registry);
		assertThat(System.getProperty(BackgroundPreinitializationOptOut.IGNORE_PROPERTY)).isNull();
		assertThat(registry.get(BackgroundPreinitializationOptOut.class).isOptedOut()).isTrue();
	}

	@Test
	void springBootsListenerSeesTheSwitchAndTheRunningApplicationNoLonger() {
		BackgroundPreinitializationOptOut optOut = new BackgroundPreinitializationOptOut(List.of("--migrate-only"),
				Map.of());
		SpringApplication application = new SpringApplication(Object.class);
		Object listener = application.getListeners()
			.stream()
			.filter((candidate) -> candidate.getClass().getSimpleName().equals(PREINITIALIZING_LISTENER))
			.findFirst()
			.orElseThrow();
		assertThat(ReflectionTestUtils.getField(listener, "enabled")).isEqualTo(false);
		application.addBootstrapRegistryInitializer(optOut);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setBannerMode(Banner.Mode.OFF);
		application.setLogStartupInfo(false);
		application.run().close();
		assertThat(System.getProperty(BackgroundPreinitializationOptOut.IGNORE_PROPERTY)).isNull();
	}

}
