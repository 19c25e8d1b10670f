package dev.migrationstarter.sample.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import com.example.twoengines.TwoEnginesApplication;
import dev.migrationstarter.sample.process.AppProcess.Result;
import dev.migrationstarter.testsupport.DatabaseKind;
import dev.migrationstarter.testsupport.DatabaseServer;
import dev.migrationstarter.testsupport.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Both engines in one application ({@link TwoEnginesApplication}): Spring Boot's
 * Liquibase bean on the application's PostgreSQL database and a {@code Flyway} bean on a
 * second one, as real processes: one {@code --migrate-only} migrates both, one
 * {@code --migration-status} lists both, and readiness has one component per target.
 *
 * @author migration-starter
 */
class PostgresTwoEnginesProcessIT {

	@TempDir
	Path workDir;

	private TestDatabase application;

	private TestDatabase reporting;

	private Path migrations;

	@BeforeEach
	void createDatabases() throws IOException {
		this.application = DatabaseServer.postgres().createDatabase();
		this.reporting = DatabaseServer.postgres().createDatabase();
		this.migrations = Files.createDirectories(this.workDir.resolve("reporting"));
		Files.writeString(this.migrations.resolve("V1__create_report.sql"), "CREATE TABLE report (id BIGINT);\n");
		Files.writeString(this.migrations.resolve("V2__seed_report.sql"), "INSERT INTO report (id) VALUES (1);\n");
	}

	@Test
	void migratesListsAndWatchesALiquibaseAndAFlywayTarget() {
		Result pending = app("pending", "--migration-status").run();
		assertThat(pending.exitCode()).as(pending.toString()).isEqualTo(2);
		assertThat(pending.output()).contains("Liquibase 'liquibase': 4 pending, 0 applied, 0 unknown")
			.contains("Flyway 'reportingFlyway': 2 pending, 0 applied, 0 unknown")
			.contains("  pending  V1__create_report.sql");
		assertThat(pending.lastLine()).contains("Migration status (exit code 2): 6 migrations are pending");
		Result migrate = app("migrate", "--migrate-only").run();
		assertThat(migrate.exitCode()).as(migrate.toString()).isZero();
		assertThat(migrate.lastLine()).contains("Migration finished (exit code 0): 6 migrations applied")
			.contains("Liquibase 'liquibase': 4 to ")
			.contains("Flyway 'reportingFlyway': 2 to ");
		assertThat(this.application.tableExists("greeting")).isTrue();
		assertThat(this.application.tableExists("flyway_schema_history")).isFalse();
		assertThat(this.reporting.tableExists("report")).isTrue();
		assertThat(this.reporting.tableExists("DATABASECHANGELOG")).isFalse();
		Result status = app("status", "--migration-status").run();
		assertThat(status.exitCode()).as(status.toString()).isZero();
		assertThat(status.output()).contains("Liquibase 'liquibase': 0 pending, 4 applied, 0 unknown")
			.contains("Flyway 'reportingFlyway': 0 pending, 2 applied, 0 unknown");
		AppProcess serve = app("serve", "--server.port=0",
				"--management.endpoint.health.group.readiness.show-components=always")
			.start();
		try {
			int port = serve.awaitPort(Duration.ofSeconds(90));
			serve.awaitCondition("a ready application", Duration.ofSeconds(30),
					() -> AppProcess.readiness(port).startsWith("200 "));
			assertThat(AppProcess.readiness(port)).contains("\"liquibase\"")
				.contains("\"reportingFlyway\"")
				.contains("\"status\":\"UP\"");
		}
		finally {
			serve.kill();
		}
	}

	private AppProcess.Builder app(String name, String... args) {
		return AppProcess.mainClass(this.workDir, TwoEnginesApplication.class, args)
			.named(name)
			.database(this.application)
			.env("EXAMPLE_REPORTING_URL", this.reporting.jdbcUrl())
			.env("EXAMPLE_REPORTING_USERNAME", this.reporting.username())
			.env("EXAMPLE_REPORTING_PASSWORD", (this.reporting.password() != null) ? this.reporting.password() : "")
			.env("EXAMPLE_REPORTING_DRIVER", DatabaseKind.POSTGRESQL.driverClassName())
			.env("EXAMPLE_REPORTING_LOCATIONS", "filesystem:" + this.migrations);
	}

}
