package dev.migrationstarter.liquibase;

import java.net.URL;
import java.net.URLClassLoader;

import java.time.Duration;

import dev.migrationstarter.liquibase.status.PreparsedChangelogs;
import dev.migrationstarter.testsupport.DatabaseServer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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

	@Test
	void registersEachApplicationsOwnBackgroundWorkInItsContext() {
		assumeTrue(Runtime.getRuntime().availableProcessors() > 1, "pre-initialisation needs a second core");
		String url = DatabaseServer.h2().createDatabase().jdbcUrl();
		try (ConfigurableApplicationContext first = run(url); ConfigurableApplicationContext second = run(url)) {
			LiquibasePreinitialization ofFirst = first.getBean(LiquibasePreinitialization.class);
			LiquibasePreinitialization ofSecond = second.getBean(LiquibasePreinitialization.class);
			assertThat(ofFirst).isNotSameAs(ofSecond).isNotSameAs(LiquibasePreinitialization.none());
			ofFirst.awaitCompletion(Duration.ofSeconds(30));
			assertThat(ofFirst.preparsed()).as("a readiness check will parse").isNotSameAs(PreparsedChangelogs.none());
		}
	}

	@Test
	void registersNothingWhenSwitchedOff() {
		SpringApplication application = new SpringApplication(Empty.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		try (ConfigurableApplicationContext context = application.run("--migration.preinitialize=false")) {
			assertThat(context.getBeanProvider(LiquibasePreinitialization.class).getIfAvailable()).isNull();
		}
	}

	@Test
	void parsesAheadForTheGeneralDatabaseThatAUrlNamesRatherThanASpecialisation() throws Exception {
		assertThat(LiquibasePreinitialization.databaseFor("jdbc:postgresql://db/app").getShortName())
			.isEqualTo("postgresql");
		assertThat(LiquibasePreinitialization.databaseFor("jdbc:mariadb://db/app").getShortName()).isEqualTo("mariadb");
		assertThat(LiquibasePreinitialization.databaseFor("jdbc:h2:mem:app").getShortName()).isEqualTo("h2");
	}

	private static ConfigurableApplicationContext run(String url) {
		SpringApplication application = new SpringApplication(Empty.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		return application.run("--spring.datasource.url=" + url, "--migration.changelog-index.enabled=false",
				"--spring.liquibase.change-log=classpath:db/changelog/autoconfigure-test-changelog.xml");
	}

	@Configuration(proxyBeanMethods = false)
	static class Empty {

	}

}
