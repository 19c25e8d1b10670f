package dev.migrationstarter.liquibase;

import java.net.URL;
import java.net.URLClassLoader;

import org.junit.jupiter.api.Test;

import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LiquibasePreinitializer}.
 *
 * @author migration-starter
 */
class LiquibasePreinitializerTests {

	private final ClassLoader classLoader = getClass().getClassLoader();

	@Test
	void preinitialisesByDefaultWhenLiquibaseIsPresent() {
		assertThat(LiquibasePreinitializer.shouldPreinitialize(new MockEnvironment(), this.classLoader))
			.isEqualTo(Runtime.getRuntime().availableProcessors() > 1);
	}

	@Test
	void doesNotPreinitialiseWhenSwitchedOff() {
		assertThat(LiquibasePreinitializer.shouldPreinitialize(
				new MockEnvironment().withProperty("migration.preinitialize", "false"), this.classLoader))
			.isFalse();
	}

	@Test
	void doesNotPreinitialiseWhenLiquibaseIsDisabled() {
		assertThat(LiquibasePreinitializer.shouldPreinitialize(
				new MockEnvironment().withProperty("spring.liquibase.enabled", "false"), this.classLoader))
			.isFalse();
	}

	@Test
	void doesNotPreinitialiseWithoutLiquibase() throws Exception {
		try (URLClassLoader withoutLiquibase = new URLClassLoader(new URL[0], null)) {
			assertThat(LiquibasePreinitializer.shouldPreinitialize(new MockEnvironment(), withoutLiquibase)).isFalse();
		}
	}

}
