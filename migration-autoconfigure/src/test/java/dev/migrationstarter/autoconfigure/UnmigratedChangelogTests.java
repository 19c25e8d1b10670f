package dev.migrationstarter.autoconfigure;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import dev.migrationstarter.command.ProcessExit;
import dev.migrationstarter.testsupport.DatabaseServer;
import dev.migrationstarter.testsupport.TestDatabase;
import liquibase.integration.spring.SpringLiquibase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.liquibase.autoconfigure.LiquibaseAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A configured changelog that no {@code SpringLiquibase} bean migrates is never a silent
 * success.
 *
 * @author migration-starter
 */
@ExtendWith(OutputCaptureExtension.class)
class UnmigratedChangelogTests {

	private static final String CHANGELOG = "classpath:db/changelog/autoconfigure-test-changelog.xml";

	private final TestDatabase database = DatabaseServer.h2().createDatabase();

	private final AtomicInteger exitStatus = new AtomicInteger(-1);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, LiquibaseAutoConfiguration.class,
				LifecycleAutoConfiguration.class, MigrationAutoConfiguration.class,
				LiquibaseMigrationAutoConfiguration.class, RunAndExitAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=" + this.database.jdbcUrl(),
				"spring.liquibase.analytics-enabled=false")
		.withBean(ProcessExit.class, () -> this.exitStatus::set);

	@Test
	void migrateOnlyExitsFourWhenAConfiguredChangelogHasNoBeanToMigrateIt(CapturedOutput output) {
		this.contextRunner
			.withPropertyValues("migration.mode=MIGRATE_ONLY", "spring.liquibase.enabled=false",
					"spring.liquibase.change-log=" + CHANGELOG)
			.run((context) -> {
			});
		assertThat(this.exitStatus).hasValue(4);
		assertThat(output).contains("Migration failed (exit code 4): No Liquibase bean migrates changelog " + CHANGELOG
				+ " (spring.liquibase.change-log)");
	}

	@Test
	void migrateOnlyExitsZeroWithAWarningWhenLiquibaseIsDisabledAndThereIsNoChangelog(CapturedOutput output) {
		this.contextRunner.withPropertyValues("migration.mode=MIGRATE_ONLY", "spring.liquibase.enabled=false")
			.run((context) -> {
			});
		assertThat(this.exitStatus).hasValue(0);
		assertThat(output).contains("Migration finished (exit code 0): no Liquibase migration is configured");
	}

	@Test
	void warnsWhenTheApplicationsOwnBeanLeavesTheConfiguredChangelogUnmigrated(CapturedOutput output) {
		this.contextRunner.withPropertyValues("spring.liquibase.change-log=" + CHANGELOG)
			.withBean("ownLiquibase", SpringLiquibase.class,
					() -> liquibase("classpath:db/changelog/autoconfigure-second-changelog.xml"))
			.run(UnmigratedChangelogTests::started);
		assertThat(output).contains("Changelog " + CHANGELOG + " (spring.liquibase.change-log) is migrated by no "
				+ "Liquibase bean (Spring Boot's own backs off when the application declares one");
	}

	@Test
	void staysQuietWhenABeanMigratesTheConfiguredChangelog(CapturedOutput output) {
		this.contextRunner.withPropertyValues("spring.liquibase.change-log=" + CHANGELOG)
			.withBean("ownLiquibase", SpringLiquibase.class,
					() -> liquibase("classpath:/db/changelog/autoconfigure-test-changelog.xml"))
			.run(UnmigratedChangelogTests::started);
		assertThat(output).doesNotContain("is migrated by no Liquibase bean");
	}

	private SpringLiquibase liquibase(String changeLog) {
		SpringLiquibase liquibase = new SpringLiquibase();
		liquibase.setDataSource(this.database.dataSource());
		liquibase.setChangeLog(changeLog);
		liquibase.setAnalyticsEnabled(false);
		return liquibase;
	}

	private static void started(AssertableApplicationContext context) {
		assertThat(context).hasNotFailed();
		context.publishEvent(new ApplicationStartedEvent(new SpringApplication(), new String[0],
				context.getSourceApplicationContext(), Duration.ZERO));
	}

}
