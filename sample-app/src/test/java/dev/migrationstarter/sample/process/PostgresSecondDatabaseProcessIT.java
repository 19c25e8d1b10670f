package dev.migrationstarter.sample.process;

import java.nio.file.Path;
import java.time.Duration;

import com.example.persistence.SecondDatabaseLiquibaseAutoConfiguration;
import dev.migrationstarter.sample.process.AppProcess.Result;
import dev.migrationstarter.sample.seconddatabase.SecondDatabaseApplication;
import dev.migrationstarter.testsupport.DatabaseKind;
import dev.migrationstarter.testsupport.DatabaseServer;
import dev.migrationstarter.testsupport.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code SpringLiquibase} bean on a second database, declared by a third-party
 * auto-configuration ({@link SecondDatabaseLiquibaseAutoConfiguration}), as real
 * processes against PostgreSQL: migrated, and read from that database by
 * {@code --migration-status}, {@code --await-schema} and the readiness check.
 *
 * @author migration-starter
 */
class PostgresSecondDatabaseProcessIT {

	@TempDir
	Path workDir;

	private TestDatabase application;

	private TestDatabase second;

	@BeforeEach
	void createDatabases() {
		this.application = DatabaseServer.postgres().createDatabase();
		this.second = DatabaseServer.postgres().createDatabase();
	}

	@Test
	void migratesReportsAndAwaitsTheSecondDatabaseOfAThirdPartyAutoConfiguration() {
		String changelog = Changelogs.write(this.workDir.resolve("second.xml"), Changelogs.createTable("1", "second"))
			.replace("--spring.liquibase.change-log=", "--example.second-database.change-log=");
		Result migrate = app("migrate", "--migrate-only", changelog).run();
		assertThat(migrate.exitCode()).as(migrate.toString()).isZero();
		assertThat(migrate.output()).as("Spring Boot's own bean backed off")
			.contains("Changelog classpath:db/changelog/release-2.xml (spring.liquibase.change-log) is migrated by "
					+ "no Liquibase bean");
		assertThat(this.second.tableExists("second")).isTrue();
		assertThat(this.application.tableExists("DATABASECHANGELOG")).isFalse();
		Result status = app("status", "--migration-status", changelog).run();
		assertThat(status.exitCode()).as(status.toString()).isZero();
		assertThat(status.output()).contains("Liquibase 'secondDatabaseLiquibase': 0 pending, 1 applied, 0 unknown");
		Result await = app("await", "--await-schema", changelog, "--migration.await.timeout=30s").run();
		assertThat(await.exitCode()).as(await.toString()).isZero();
		AppProcess serve = app("serve", changelog, "--server.port=0").start();
		try {
			int port = serve.awaitPort(Duration.ofSeconds(90));
			serve.awaitCondition("a ready application", Duration.ofSeconds(30),
					() -> AppProcess.readiness(port).startsWith("200 "));
			assertThat(AppProcess.readiness(port)).contains("\"status\":\"UP\"");
		}
		finally {
			serve.kill();
		}
	}

	private AppProcess.Builder app(String name, String... args) {
		return AppProcess.mainClass(this.workDir, SecondDatabaseApplication.class, args)
			.named(name)
			.database(this.application)
			.env("EXAMPLE_SECONDDATABASE_URL", this.second.jdbcUrl())
			.env("EXAMPLE_SECONDDATABASE_USERNAME", this.second.username())
			.env("EXAMPLE_SECONDDATABASE_PASSWORD", (this.second.password() != null) ? this.second.password() : "")
			.env("EXAMPLE_SECONDDATABASE_DRIVER", DatabaseKind.POSTGRESQL.driverClassName());
	}

}
