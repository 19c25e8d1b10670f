package dev.migrationstarter.mode;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link BackgroundPreinitializationOptOut}.
 *
 * @author migration-starter
 */
class BackgroundPreinitializationOptOutTests {

	@AfterEach
	void clearProperty() {
		System.clearProperty(BackgroundPreinitializationOptOut.IGNORE_PROPERTY);
	}

	@Test
	void recognisesEveryRunAndExitModeOnTheCommandLine() {
		for (String argument : List.of("--migrate-only", "--migration-status", "--await-schema",
				"--migration.mode=migrate-only", "--migration.mode=AWAIT_SCHEMA")) {
			assertThat(BackgroundPreinitializationOptOut.isRunAndExit(List.of("-jar", "app.jar", argument), null))
				.as(argument)
				.isTrue();
		}
	}

	@Test
	void recognisesARunAndExitModeInTheEnvironmentVariable() {
		assertThat(BackgroundPreinitializationOptOut.isRunAndExit(List.of("-jar", "app.jar"), "migrate-only")).isTrue();
	}

	@Test
	void leavesANormalStartAlone() {
		assertThat(
				BackgroundPreinitializationOptOut.isRunAndExit(List.of("-jar", "app.jar", "--server.port=8080"), null))
			.isFalse();
		assertThat(BackgroundPreinitializationOptOut.isRunAndExit(List.of("--migration.mode=normal"), "normal"))
			.isFalse();
		assertThat(BackgroundPreinitializationOptOut.isRunAndExit(List.of("--migrate-only-later"), " ")).isFalse();
	}

	@Test
	void leavesInvalidInputToTheParserThatReportsIt() {
		assertThat(BackgroundPreinitializationOptOut.isRunAndExit(List.of("--migrate-only=true"), null)).isFalse();
		assertThat(BackgroundPreinitializationOptOut.isRunAndExit(List.of("--migration-status"), "migrate-only"))
			.isFalse();
	}

	@Test
	void setsSpringBootsSwitchOnlyForARunAndExitProcess() {
		new BackgroundPreinitializationOptOut(List.of("--server.port=8080"), null);
		assertThat(System.getProperty(BackgroundPreinitializationOptOut.IGNORE_PROPERTY)).isNull();
		new BackgroundPreinitializationOptOut(List.of("--migrate-only"), null);
		assertThat(System.getProperty(BackgroundPreinitializationOptOut.IGNORE_PROPERTY)).isEqualTo("true");
	}

	@Test
	void leavesAValueThatIsAlreadySet() {
		System.setProperty(BackgroundPreinitializationOptOut.IGNORE_PROPERTY, "false");
		new BackgroundPreinitializationOptOut(List.of("--migrate-only"), null);
		assertThat(System.getProperty(BackgroundPreinitializationOptOut.IGNORE_PROPERTY)).isEqualTo("false");
	}

}
