package dev.migrationstarter.sample.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.migrationstarter.sample.noisy.NoisyApplication;
import dev.migrationstarter.sample.process.AppProcess.Result;
import dev.migrationstarter.testsupport.DatabaseKind;
import dev.migrationstarter.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample application and a noisy test application as real processes on their embedded
 * H2 file database.
 *
 * @author migration-starter
 */
class H2ProcessIT {

	private static final Pattern PORT = Pattern.compile("Tomcat started on port (\\d+)");

	@TempDir
	Path workDir;

	@Test
	void migrateOnlyOnTheDefaultDatabaseThenANormalStartServesTheMigratedData() throws Exception {
		Result migration = AppProcess.sampleJar(this.workDir, "--migrate-only").named("migrate").run();
		assertThat(migration.exitCode()).as(migration.toString()).isZero();
		assertThat(migration.output()).doesNotContain("Tomcat");
		assertThat(this.workDir.resolve("data/sample.mv.db")).exists();
		AppProcess app = AppProcess.sampleJar(this.workDir, "--server.port=0").named("serve").start();
		try {
			assertThat(get(app.awaitPort(Duration.ofSeconds(60)), "/greetings")).contains("Hello from v1")
				.contains("\"language\":\"de\"");
			assertThat(app.output()).doesNotContain("Running Changeset");
		}
		finally {
			app.kill();
		}
	}

	@Test
	void aMigratorWhoseLeaseWasTakenOverStopsBeforeItsNextChangeSet() {
		String changelog = Changelogs.write(this.workDir.resolve("taken-over.xml"),
				Changelogs.createTable("1", "before_takeover"),
				Changelogs.sql("2-takeover", "UPDATE migration_lock SET locked_by = 'db-migrate-2 pid 7 token 5eed',"
						+ " lock_until = DATEADD(SECOND, 600, CURRENT_TIMESTAMP) WHERE name = 'liquibase-migration'"),
				Changelogs.createTable("3", "after_takeover"));
		Result result = AppProcess.sampleJar(this.workDir, "--migrate-only", changelog).named("taken-over").run();
		assertThat(result.exitCode()).as(result.toString()).isEqualTo(7);
		assertThat(result.lastLine()).contains("Migration failed (exit code 7)")
			.contains("no longer held by this migrator")
			.contains("db-migrate-2 pid 7 token 5eed")
			.contains("stopped before changeset")
			.contains("taken-over.xml::3::test");
		TestDatabase database = new TestDatabase(DatabaseKind.H2,
				"jdbc:h2:file:" + this.workDir.resolve("data/sample") + ";AUTO_SERVER=TRUE", "sa", "");
		assertThat(database.appliedChangeSetIds()).containsExactly("1", "2-takeover");
		assertThat(database.tableExists("after_takeover")).isFalse();
	}

	@Test
	void aNormalStartRunsNoMigration() throws Exception {
		AppProcess app = AppProcess.sampleJar(this.workDir, "--server.port=0").named("serve").start();
		try {
			int port = app.awaitPort(Duration.ofSeconds(60));
			assertThat(get(port, "/actuator/health/liveness")).contains("UP");
			assertThat(get(port, "/actuator/liquibase")).contains("\"liquibase\"");
		}
		finally {
			app.kill();
		}
		TestDatabase database = new TestDatabase(DatabaseKind.H2,
				"jdbc:h2:file:" + this.workDir.resolve("data/sample") + ";AUTO_SERVER=TRUE", "sa", "");
		assertThat(database.tableExists("DATABASECHANGELOG")).isFalse();
		assertThat(database.tableExists("greeting")).isFalse();
		assertThat(app.output()).doesNotContain("shouldRun");
	}

	@Test
	void migrateOnlyStartsNoWebServerRunnerScheduleListenerOrUnrelatedBean() {
		Path markers = this.workDir.resolve("markers");
		Result result = AppProcess
			.mainClass(this.workDir, NoisyApplication.class, "--migrate-only", "--noisy.markers=" + markers,
					"--spring.datasource.url=jdbc:h2:file:" + this.workDir.resolve("noisy"))
			.named("noisy")
			.run();
		assertThat(result.exitCode()).as(result.toString()).isZero();
		assertThat(result.output()).contains("4 changesets applied")
			.doesNotContain("Tomcat")
			.doesNotContain("ExplodingBean");
		assertThat(markerNames(markers)).isEmpty();
	}

	@Test
	void statusAndAwaitModesStartNoWebServerRunnerScheduleListenerOrUnrelatedBeanEither() {
		Path markers = this.workDir.resolve("markers");
		String database = "--spring.datasource.url=jdbc:h2:file:" + this.workDir.resolve("noisy");
		Result status = AppProcess
			.mainClass(this.workDir, NoisyApplication.class, "--migration-status", "--noisy.markers=" + markers,
					database)
			.named("noisy-status")
			.run();
		assertThat(status.exitCode()).as(status.toString()).isEqualTo(2);
		Result await = AppProcess
			.mainClass(this.workDir, NoisyApplication.class, "--await-schema", "--migration.await.timeout=5s",
					"--noisy.markers=" + markers, database)
			.named("noisy-await")
			.run();
		assertThat(await.exitCode()).as(await.toString()).isEqualTo(2);
		assertThat(status.output() + await.output()).doesNotContain("Tomcat").doesNotContain("ExplodingBean");
		assertThat(markerNames(markers)).isEmpty();
	}

	@Test
	void theNoisyApplicationStartsAllOfItWithoutMigrateOnly() {
		Path markers = this.workDir.resolve("markers");
		AppProcess app = AppProcess
			.mainClass(this.workDir, NoisyApplication.class, "--noisy.explode=false", "--server.port=0",
					"--noisy.markers=" + markers,
					"--spring.datasource.url=jdbc:h2:file:" + this.workDir.resolve("noisy"))
			.named("noisy-normal")
			.start();
		try {
			app.awaitCondition("every marker", Duration.ofSeconds(60),
					() -> markerNames(markers).size() == 7 && PORT.matcher(app.output()).find());
		}
		finally {
			app.kill();
		}
		assertThat(markerNames(markers)).containsExactlyInAnyOrder("runner-created", "runner-ran", "scheduled-created",
				"scheduled-ran", "listener-created", "listener-started", "context-listener-ran");
	}

	private static List<String> markerNames(Path markers) {
		if (!Files.isDirectory(markers)) {
			return List.of();
		}
		try (Stream<Path> files = Files.list(markers)) {
			return files.map((path) -> path.getFileName().toString()).toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String get(int port, String path) throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
					HttpResponse.BodyHandlers.ofString());
		return response.body();
	}

}
