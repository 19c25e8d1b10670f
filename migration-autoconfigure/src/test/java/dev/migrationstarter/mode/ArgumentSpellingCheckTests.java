package dev.migrationstarter.mode;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Tests for {@link ArgumentSpellingCheck}.
 *
 * @author migration-starter
 */
class ArgumentSpellingCheckTests {

	@Test
	void refusesAFlagWithAnEmptyValueThatTheCommandLinePropertySourceReadsAsBare() {
		ArgumentSpellingCheck check = new ArgumentSpellingCheck(new SpringApplication(),
				new String[] { "--migrate-only=" });
		assertThatExceptionOfType(InvalidMigrationInputException.class)
			.isThrownBy(() -> check.environmentPrepared(null, new StandardEnvironment()))
			.withMessageStartingWith("Invalid argument '--migrate-only='");
	}

	@Test
	void acceptsExactFlagsAndOtherArguments() {
		ArgumentSpellingCheck check = new ArgumentSpellingCheck(new SpringApplication(),
				new String[] { "--migrate-only", "--dry-run", "--server.port=0", "--migration.mode=migrate-only" });
		assertThatNoException().isThrownBy(() -> check.environmentPrepared(null, new StandardEnvironment()));
	}

}
