package dev.migrationstarter.flyway;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link FlywayLogDefaults}.
 *
 * @author migration-starter
 */
class FlywayLogDefaultsTests {

	@Test
	void quietensFlywayInAProcessThatOnlyReads() {
		for (String mode : new String[] { "normal", "migration-status", "await-schema" }) {
			StandardEnvironment environment = environment(Map.of("migration.mode", mode));
			assertThat(environment.getProperty(FlywayLogDefaults.FLYWAY_LEVEL)).as(mode).isEqualTo("warn");
			assertThat(environment.getProperty(FlywayLogDefaults.DATABASE_LEVEL)).as(mode).isEqualTo("error");
		}
	}

	@Test
	void keepsFlywaysOwnLinesWhenItMigrates() {
		assertThat(environment(Map.of("migration.mode", "migrate-only")).getProperty(FlywayLogDefaults.FLYWAY_LEVEL))
			.isNull();
		assertThat(
				environment(Map.of("migration.migrate-on-startup", "true")).getProperty(FlywayLogDefaults.FLYWAY_LEVEL))
			.isNull();
	}

	@Test
	void leavesALevelTheApplicationSetsAlone() {
		StandardEnvironment environment = environment(Map.of(FlywayLogDefaults.FLYWAY_LEVEL, "debug"));
		assertThat(environment.getProperty(FlywayLogDefaults.FLYWAY_LEVEL)).isEqualTo("debug");
		assertThat(environment.getProperty(FlywayLogDefaults.DATABASE_LEVEL)).isNull();
	}

	private static StandardEnvironment environment(Map<String, Object> properties) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
		new FlywayLogDefaults().postProcessEnvironment(environment, new SpringApplication());
		return environment;
	}

}
