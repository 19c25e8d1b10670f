package dev.migrationstarter.sample.process;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import dev.migrationstarter.sample.process.AppProcess.Result;
import dev.migrationstarter.testsupport.DatabaseKind;
import dev.migrationstarter.testsupport.TestDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A PostgreSQL server restarted while a migration runs, played on an embedded server of
 * the test's own, which it can stop and start again on the same data directory and port.
 *
 * @author migration-starter
 */
class PostgresRestartProcessIT {

	@TempDir
	Path workDir;

	@TempDir
	Path dataDirectory;

	private EmbeddedPostgres server;

	@AfterEach
	void stopServer() throws IOException {
		if (this.server != null) {
			this.server.close();
		}
	}

	@Test
	void aRestartDuringAChangeSetExitsFiveRollsItBackAndTheNextRunCompletes() throws IOException {
		this.server = start(0);
		int port = this.server.getPort();
		TestDatabase database = new TestDatabase(DatabaseKind.POSTGRESQL,
				"jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", "");
		Path file = this.workDir.resolve("restart.xml");
		String changelog = Changelogs.write(file, Changelogs.createTable("1", "before_restart"),
				Changelogs.sql("2-slow", "CREATE TABLE half_applied (id INT); SELECT pg_sleep(120)"));
		AppProcess migrator = AppProcess.sampleJar(this.workDir, "--migrate-only", changelog)
			.named("restarted")
			.database(database)
			.arg("--migration.progress.heartbeat-interval=1s")
			.start();
		migrator.awaitCondition("the slow changeset to start", Duration.ofSeconds(60),
				() -> migrator.output().contains("2-slow::test still running"));
		this.server.close();
		this.server = start(port);
		Result result = migrator.awaitExit();
		assertThat(result.exitCode()).as(result.toString()).isEqualTo(5);
		assertThat(result.lastLine()).contains("Migration failed (exit code 5)")
			.contains("Lost the database connection while running changeset")
			.contains("2-slow")
			.doesNotContain("fix the changeset");
		assertThat(database.appliedChangeSetIds()).containsExactly("1");
		assertThat(database.tableExists("half_applied")).as("rolled back with its changeset").isFalse();
		Changelogs.write(file, Changelogs.createTable("1", "before_restart"),
				Changelogs.sql("2-slow", "CREATE TABLE half_applied (id INT); SELECT pg_sleep(0)"));
		Result next = AppProcess.sampleJar(this.workDir, "--migrate-only", changelog)
			.named("after-restart")
			.database(database)
			.run();
		assertThat(next.exitCode()).as(next.toString()).isZero();
		assertThat(database.appliedChangeSetIds()).containsExactly("1", "2-slow");
	}

	private EmbeddedPostgres start(int port) throws IOException {
		EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
			.setDataDirectory(this.dataDirectory)
			.setCleanDataDirectory(false);
		return (port != 0) ? builder.setPort(port).start() : builder.start();
	}

}
