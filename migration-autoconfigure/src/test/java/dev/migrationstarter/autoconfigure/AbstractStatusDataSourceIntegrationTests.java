package dev.migrationstarter.autoconfigure;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import dev.migrationstarter.command.ProcessExit;
import dev.migrationstarter.metrics.MigrationStatusMeterBinder;
import dev.migrationstarter.testsupport.DatabaseServer;
import dev.migrationstarter.testsupport.TestDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import liquibase.integration.spring.SpringLiquibase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.liquibase.autoconfigure.LiquibaseAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every status read (readiness, {@code --migration-status}, {@code --await-schema}) reads
 * the database that a {@code SpringLiquibase} bean itself migrates, and beans that share
 * a changelog table know each other's changesets; run against each database by a thin
 * subclass.
 *
 * @author migration-starter
 */
@ExtendWith(OutputCaptureExtension.class)
abstract class AbstractStatusDataSourceIntegrationTests {

	private static final String CHANGELOG = "classpath:db/changelog/autoconfigure-test-changelog.xml";

	private static final String SECOND_CHANGELOG = "classpath:db/changelog/autoconfigure-second-changelog.xml";

	private final AtomicInteger exitStatus = new AtomicInteger(-1);

	private TestDatabase application;

	private TestDatabase other;

	private DataSource shared;

	private ApplicationContextRunner contextRunner;

	protected abstract DatabaseServer server();

	@BeforeEach
	void createDatabases() {
		this.application = server().createDatabase();
		this.other = server().createDatabase();
		this.shared = this.application.dataSource();
		this.contextRunner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
					LiquibaseAutoConfiguration.class, LifecycleAutoConfiguration.class,
					MigrationAutoConfiguration.class, LiquibaseMigrationAutoConfiguration.class,
					RunAndExitAutoConfiguration.class, MigrationReadinessAutoConfiguration.class))
			.withPropertyValues("spring.liquibase.analytics-enabled=false", "spring.liquibase.change-log=" + CHANGELOG,
					"migration.changelog-index.enabled=false")
			.withBean(ProcessExit.class, () -> this.exitStatus::set);
	}

	@Test
	void statusAwaitReadinessAndMetersReadTheDatabaseOfABeanOnASecondDataSource(CapturedOutput output) {
		ApplicationContextRunner twoDataSources = this.contextRunner
			.withBean("primaryDataSource", DataSource.class, this.application::dataSource,
					(definition) -> definition.setPrimary(true))
			.withBean("otherDataSource", DataSource.class, this.other::dataSource)
			.withBean("otherLiquibase", SpringLiquibase.class, () -> liquibase(this.other.dataSource(), CHANGELOG));
		assertThat(exitCode(twoDataSources, "MIGRATION_STATUS")).isEqualTo(2);
		assertThat(exitCode(twoDataSources, "MIGRATE_ONLY")).isZero();
		assertThat(this.other.tableExists("widget")).isTrue();
		assertThat(this.application.tableExists("DATABASECHANGELOG")).isFalse();
		assertThat(exitCode(twoDataSources, "MIGRATION_STATUS")).isZero();
		assertThat(output.getOut()).contains("Liquibase 'otherLiquibase': 0 pending, 1 applied, 0 unknown");
		assertThat(exitCode(twoDataSources.withPropertyValues("migration.await.timeout=5s"), "AWAIT_SCHEMA")).isZero();
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		twoDataSources.withConfiguration(AutoConfigurations.of(MigrationMetricsAutoConfiguration.class))
			.withBean(MeterRegistry.class, () -> registry)
			.run((context) -> {
				assertThat(awaitReadiness(context, "otherLiquibase")).isEqualTo(Status.UP);
				context.getBean(MigrationStatusMeterBinder.class).bindTo(registry);
				assertThat(
						registry.get(MigrationStatusMeterBinder.PENDING).tag("name", "otherLiquibase").gauge().value())
					.isZero();
				assertThat(registry.get(MigrationStatusMeterBinder.UP_TO_DATE)
					.tag("name", "otherLiquibase")
					.gauge()
					.value()).isOne();
			});
	}

	@Test
	void statusAwaitAndReadinessReadTheDatabaseThatSpringLiquibaseUrlNames(CapturedOutput output) {
		ApplicationContextRunner liquibaseElsewhere = this.contextRunner.withPropertyValues(
				"spring.datasource.url=" + this.application.jdbcUrl(),
				"spring.datasource.username=" + this.application.username(),
				"spring.datasource.password=" + password(this.application),
				"spring.liquibase.url=" + this.other.jdbcUrl(), "spring.liquibase.user=" + this.other.username(),
				"spring.liquibase.password=" + password(this.other));
		assertThat(exitCode(liquibaseElsewhere, "MIGRATE_ONLY")).isZero();
		assertThat(this.other.tableExists("widget")).isTrue();
		assertThat(this.application.tableExists("DATABASECHANGELOG")).isFalse();
		assertThat(exitCode(liquibaseElsewhere, "MIGRATION_STATUS")).isZero();
		assertThat(output.getOut()).contains("Liquibase 'liquibase': 0 pending, 1 applied, 0 unknown");
		assertThat(exitCode(liquibaseElsewhere.withPropertyValues("migration.await.timeout=5s"), "AWAIT_SCHEMA"))
			.isZero();
		liquibaseElsewhere.run((context) -> assertThat(awaitReadiness(context, "liquibase")).isEqualTo(Status.UP));
	}

	@Test
	void aMigrationLoginOnTheApplicationDatabaseIsReadThroughTheApplicationLogin(CapturedOutput output) {
		ApplicationContextRunner sameDatabase = this.contextRunner.withPropertyValues(
				"spring.datasource.url=" + this.application.jdbcUrl(),
				"spring.datasource.username=" + this.application.username(),
				"spring.datasource.password=" + password(this.application));
		assertThat(exitCode(sameDatabase, "MIGRATE_ONLY")).isZero();
		ApplicationContextRunner migrationLoginAbsent = sameDatabase
			.withPropertyValues("spring.liquibase.user=no_such_login", "spring.liquibase.password=not-mounted");
		assertThat(exitCode(migrationLoginAbsent, "MIGRATION_STATUS")).isZero();
		assertThat(output.getOut()).contains("Liquibase 'liquibase': 0 pending, 1 applied, 0 unknown");
		migrationLoginAbsent.run((context) -> assertThat(awaitReadiness(context, "liquibase")).isEqualTo(Status.UP));
	}

	@Test
	void beansThatShareAChangelogTableDoNotCountEachOthersChangeSetsAsUnknown(CapturedOutput output) {
		ApplicationContextRunner twoBeans = this.contextRunner
			.withBean("dataSource", DataSource.class, () -> this.shared)
			.withBean("first", SpringLiquibase.class, () -> liquibase(this.shared, CHANGELOG))
			.withBean("second", SpringLiquibase.class, () -> liquibase(this.shared, SECOND_CHANGELOG))
			.withPropertyValues("migration.readiness.fail-when-ahead=true");
		assertThat(exitCode(twoBeans, "MIGRATE_ONLY")).isZero();
		assertThat(exitCode(twoBeans, "MIGRATION_STATUS")).isZero();
		assertThat(output.getOut()).contains("Liquibase 'first': 0 pending, 1 applied, 0 unknown")
			.contains("Liquibase 'second': 0 pending, 1 applied, 0 unknown")
			.doesNotContain("  unknown  ");
		twoBeans.run((context) -> {
			assertThat(awaitReadiness(context, "first")).isEqualTo(Status.UP);
			assertThat(awaitReadiness(context, "second")).isEqualTo(Status.UP);
		});
	}

	@Test
	void aChangeSetThatNoBeanOnTheTableKnowsIsStillUnknown(CapturedOutput output) {
		ApplicationContextRunner both = this.contextRunner.withBean("dataSource", DataSource.class, () -> this.shared)
			.withBean("first", SpringLiquibase.class, () -> liquibase(this.shared, CHANGELOG))
			.withBean("second", SpringLiquibase.class, () -> liquibase(this.shared, SECOND_CHANGELOG));
		assertThat(exitCode(both, "MIGRATE_ONLY")).isZero();
		ApplicationContextRunner firstOnly = this.contextRunner
			.withBean("dataSource", DataSource.class, () -> this.shared)
			.withBean("first", SpringLiquibase.class, () -> liquibase(this.shared, CHANGELOG));
		assertThat(exitCode(firstOnly, "MIGRATION_STATUS")).isZero();
		assertThat(output.getOut()).contains("Liquibase 'first': 0 pending, 1 applied, 1 unknown")
			.contains("  unknown  db/changelog/autoconfigure-second-changelog.xml::second-1::test");
	}

	private int exitCode(ApplicationContextRunner runner, String mode) {
		this.exitStatus.set(-1);
		runner.withPropertyValues("migration.mode=" + mode).run((context) -> {
		});
		return this.exitStatus.get();
	}

	private static Status awaitReadiness(AssertableApplicationContext context, String beanName) {
		HealthContributor contributor = context.getBean("migrationHealthContributor", HealthContributor.class);
		HealthIndicator indicator = (contributor instanceof CompositeHealthContributor composite)
				? (HealthIndicator) composite.getContributor(beanName) : (HealthIndicator) contributor;
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		Status status = indicator.health().getStatus();
		while (!Status.UP.equals(status) && System.nanoTime() < deadline) {
			Thread.onSpinWait();
			status = indicator.health().getStatus();
		}
		return status;
	}

	private static SpringLiquibase liquibase(DataSource dataSource, String changeLog) {
		SpringLiquibase liquibase = new SpringLiquibase();
		liquibase.setDataSource(dataSource);
		liquibase.setChangeLog(changeLog);
		liquibase.setAnalyticsEnabled(false);
		return liquibase;
	}

	private static String password(TestDatabase database) {
		return (database.password() != null) ? database.password() : "";
	}

}
