package dev.migrationstarter.mode;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.mock.env.MockPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link ModeParser}.
 *
 * @author migration-starter
 */
class ModeParserTests {

	@Test
	void exactFlagsSelectTheirModes() {
		assertThat(parse("--migrate-only")).isEqualTo(new ModeSelection(MigrationMode.MIGRATE_ONLY, false));
		assertThat(parse("--migration-status")).isEqualTo(new ModeSelection(MigrationMode.MIGRATION_STATUS, false));
		assertThat(parse("--await-schema")).isEqualTo(new ModeSelection(MigrationMode.AWAIT_SCHEMA, false));
		assertThat(parse("--migrate-only", "--dry-run")).isEqualTo(new ModeSelection(MigrationMode.MIGRATE_ONLY, true));
		assertThat(parse("--server.port=0", "--migrate-only-later", "app.jar")).isEqualTo(ModeSelection.NORMAL);
	}

	@ParameterizedTest
	@ValueSource(strings = { "--migrate_only", "--migrate-only=false", "--migrate-only=yes", "--migrate-only=true",
			"--migrate-only=", "--await_schema", "--migrateOnly", "-migrate-only", "--dry_run", "--MIGRATE-ONLY",
			"--migration.status", "--dry-run=true" })
	void refusesEveryArgumentThatLooksLikeAFlagButIsNotOne(String argument) {
		assertThatExceptionOfType(InvalidMigrationInputException.class)
			.isThrownBy(() -> parse("--migrate-only", argument))
			.withMessageContaining("'" + argument + "'")
			.withMessageContaining("--migrate-only, --migration-status, --await-schema")
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain("\n"));
	}

	@Test
	void refusesLookalikesRebuiltFromTheCommandLinePropertySource() {
		for (String argument : List.of("--migrate-only=true", "-migrate-only", "--await_schema")) {
			assertThatExceptionOfType(InvalidMigrationInputException.class)
				.isThrownBy(() -> parseFromCommandLine("--server.port=0", argument))
				.withMessageContaining("'" + argument + "'");
		}
	}

	@Test
	void refusesAnUnknownModeNamingTheValidValues() {
		assertThatExceptionOfType(InvalidMigrationInputException.class)
			.isThrownBy(() -> ModeParser.parse(List.of(), "migrate", () -> "application.properties", null))
			.withMessage("Unknown migration.mode 'migrate' (from application.properties); valid values are "
					+ "normal, migrate-only, migration-status, await-schema.");
	}

	@Test
	void refusesTwoModes() {
		assertThatExceptionOfType(InvalidMigrationInputException.class)
			.isThrownBy(() -> parse("--migrate-only", "--await-schema"))
			.withMessage("Conflicting arguments --migrate-only and --await-schema: a process runs one mode.");
	}

	@Test
	void refusesDryRunWithoutMigrateOnly() {
		assertThatExceptionOfType(InvalidMigrationInputException.class).isThrownBy(() -> parse("--dry-run"))
			.withMessageStartingWith("--dry-run (migration.dry-run) only applies to --migrate-only");
		assertThatExceptionOfType(InvalidMigrationInputException.class)
			.isThrownBy(() -> ModeParser.parse(List.of("--migration-status"), null, () -> "", "true"))
			.withMessageContaining("not to mode migration-status");
	}

	@Test
	void refusesAFlagThatDisagreesWithTheModePropertyNamingWhereItWasSet() {
		StandardEnvironment environment = environment("--migration-status");
		environment.getPropertySources()
			.addLast(new MockPropertySource("systemEnvironment").withProperty("migration.mode", "migrate-only"));
		assertThatExceptionOfType(InvalidMigrationInputException.class).isThrownBy(() -> ModeParser.parse(environment))
			.withMessage("Argument --migration-status disagrees with migration.mode=migrate-only (from property "
					+ "source 'systemEnvironment'): the two must name the same mode.");
	}

	@Test
	void acceptsAFlagThatAgreesWithTheModeProperty() {
		assertThat(ModeParser.parse(List.of("--migrate-only"), "MIGRATE_ONLY", () -> "", null).mode())
			.isEqualTo(MigrationMode.MIGRATE_ONLY);
	}

	@Test
	void modePropertyAloneSelectsTheModeInEitherSpelling() {
		assertThat(ModeParser.parse(List.of(), "await-schema", () -> "", null).mode())
			.isEqualTo(MigrationMode.AWAIT_SCHEMA);
		assertThat(ModeParser.parse(List.of(), "MIGRATION_STATUS", () -> "", null).mode())
			.isEqualTo(MigrationMode.MIGRATION_STATUS);
		assertThat(ModeParser.parse(List.of(), "migrate-only", () -> "", "true"))
			.isEqualTo(new ModeSelection(MigrationMode.MIGRATE_ONLY, true));
	}

	@Test
	void readsTheFlagsFromTheCommandLinePropertySource() {
		assertThat(parseFromCommandLine("--migrate-only", "--dry-run", "--server.port=0"))
			.isEqualTo(new ModeSelection(MigrationMode.MIGRATE_ONLY, true));
		assertThat(parseFromCommandLine("--migration.mode=await-schema").mode()).isEqualTo(MigrationMode.AWAIT_SCHEMA);
	}

	private static ModeSelection parse(String... arguments) {
		return ModeParser.parse(List.of(arguments), null, () -> "", null);
	}

	private static ModeSelection parseFromCommandLine(String... arguments) {
		return ModeParser.parse(environment(arguments));
	}

	private static StandardEnvironment environment(String... arguments) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new SimpleCommandLinePropertySource(arguments));
		return environment;
	}

}
