package dev.migrationstarter.sample.process;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import dev.migrationstarter.sample.process.AppProcess.Result;
import dev.migrationstarter.testsupport.DatabaseKind;
import dev.migrationstarter.testsupport.DatabaseServer;
import dev.migrationstarter.testsupport.TcpProxy;
import dev.migrationstarter.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Processes whose database stops answering without closing a connection (a partition, a
 * frozen server), made by a TCP proxy in front of the real database; run against each
 * server database by a thin subclass.
 *
 * @author migration-starter
 */
abstract class AbstractUnansweringDatabaseProcessIT {

	private static final Duration AWAIT_TIMEOUT = Duration.ofSeconds(10);

	private static final Duration READ_TIMEOUT = Duration.ofSeconds(2);

	private static final Duration CONNECTION_LOST_TIMEOUT = Duration.ofSeconds(8);

	@TempDir
	Path workDir;

	private TestDatabase database;

	private TcpProxy proxy;

	protected abstract DatabaseServer server();

	@BeforeEach
	void createDatabase() {
		this.database = server().createDatabase();
		this.proxy = TcpProxy.inFrontOf(this.database.jdbcUrl());
	}

	@AfterEach
	void closeProxy() {
		if (this.proxy != null) {
			this.proxy.close();
		}
	}

	@Test
	void awaitSchemaEndsWithinSecondsOfItsTimeoutWhenTheDatabaseStopsAnswering() {
		AppProcess await = throughProxy("await", "--await-schema",
				"--migration.await.timeout=" + AWAIT_TIMEOUT.toSeconds() + "s", "--migration.await.poll-interval=500ms")
			.start();
		await.awaitCondition("the first status read", Duration.ofSeconds(60),
				() -> await.output().contains("Waiting for the schema: 4 changesets pending"));
		long waiting = System.nanoTime();
		this.proxy.freeze();
		Result result = await.awaitExit();
		Duration afterFirstRead = Duration.ofNanos(System.nanoTime() - waiting);
		System.out.println("await-schema exited " + afterFirstRead.toMillis() + " ms after its first read (timeout "
				+ AWAIT_TIMEOUT.toMillis() + " ms)");
		assertThat(result.exitCode()).as(result.toString()).isEqualTo(5);
		assertThat(afterFirstRead).as(result.toString()).isLessThan(AWAIT_TIMEOUT.plusSeconds(5));
		assertThat(result.lastLine()).contains("Schema not awaited (exit code 5)")
			.contains("No answer from " + this.proxy.url(this.database.jdbcUrl()));
	}

	@Test
	void readinessTurnsDownWithinSecondsOfAnOutageNamingTheDatabaseWhileProbesAnswerAtOnce() throws Exception {
		Result migration = AppProcess.sampleJar(this.workDir, "--migrate-only")
			.named("migrate")
			.database(this.database)
			.run();
		assertThat(migration.exitCode()).as(migration.toString()).isZero();
		AppProcess app = throughProxy("serve", "--server.port=0", "--migration.readiness.refresh-interval=1s",
				"--migration.readiness.up-to-date-interval=1s",
				"--migration.readiness.read-timeout=" + READ_TIMEOUT.toMillis() + "ms")
			.start();
		try {
			int port = app.awaitPort(Duration.ofSeconds(60));
			app.awaitCondition("readiness UP", Duration.ofSeconds(30), () -> get(port).statusCode() == 200);
			long outage = System.nanoTime();
			this.proxy.freeze();
			Duration slowestProbe = Duration.ZERO;
			HttpResponse<String> response = get(port);
			while (response.statusCode() == 200
					&& Duration.ofNanos(System.nanoTime() - outage).compareTo(Duration.ofSeconds(30)) < 0) {
				long probe = System.nanoTime();
				response = get(port);
				Duration took = Duration.ofNanos(System.nanoTime() - probe);
				slowestProbe = (took.compareTo(slowestProbe) > 0) ? took : slowestProbe;
			}
			Duration untilDown = Duration.ofNanos(System.nanoTime() - outage);
			for (int i = 0; i < 5; i++) {
				long probe = System.nanoTime();
				HttpResponse<String> down = get(port);
				Duration took = Duration.ofNanos(System.nanoTime() - probe);
				slowestProbe = (took.compareTo(slowestProbe) > 0) ? took : slowestProbe;
				assertThat(down.statusCode()).isEqualTo(503);
			}
			System.out.println("readiness DOWN " + untilDown.toMillis() + " ms after the outage; slowest probe "
					+ slowestProbe.toMillis() + " ms: " + response.body());
			assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
			assertThat(untilDown).as(response.body()).isLessThan(READ_TIMEOUT.plusSeconds(4));
			assertThat(slowestProbe).isLessThan(Duration.ofSeconds(1));
			assertThat(response.body()).contains("DOWN")
				.contains(this.proxy.url(this.database.jdbcUrl()))
				.contains("No answer from");
		}
		finally {
			app.kill();
		}
	}

	@Test
	void aMigratorCutOffMidChangeSetExitsFiveWithinItsBoundAndTheNextRunAppliesTheChangeSetOnce() {
		Path file = this.workDir.resolve("cut-off.xml");
		String changelog = Changelogs.write(file, Changelogs.createTable("1", "counter"),
				Changelogs.sql("2-slow", "INSERT INTO counter (id) VALUES (1); " + sleepSql(20)));
		AppProcess cutOff = throughProxy("cut-off", "--migrate-only", changelog,
				"--migration.progress.heartbeat-interval=1s",
				"--migration.lock.connection-lost-timeout=" + CONNECTION_LOST_TIMEOUT.toSeconds() + "s")
			.start();
		cutOff.awaitCondition("the slow changeset to start", Duration.ofSeconds(60),
				() -> cutOff.output().contains("2-slow::test still running"));
		long partition = System.nanoTime();
		this.proxy.freeze();
		Result result = cutOff.awaitExit();
		Duration untilExit = Duration.ofNanos(System.nanoTime() - partition);
		System.out.println(server().kind() + ": a migrator cut off mid-changeset exited " + untilExit.toMillis()
				+ " ms after the partition (connection-lost timeout " + CONNECTION_LOST_TIMEOUT.toMillis() + " ms)");
		assertThat(result.exitCode()).as(result.toString()).isEqualTo(5);
		assertThat(untilExit).as(result.toString())
			.isLessThan(CONNECTION_LOST_TIMEOUT.plus(abortAllowance()).plusSeconds(10));
		assertThat(result.lastLine()).contains("Migration failed (exit code 5)")
			.contains("while running changeset")
			.contains("2-slow")
			.contains("No answer from the database");
		Changelogs.write(file, Changelogs.createTable("1", "counter"),
				Changelogs.sql("2-slow", "INSERT INTO counter (id) VALUES (1); " + sleepSql(0)));
		Result next = AppProcess.sampleJar(this.workDir, "--migrate-only", changelog)
			.named("after-cut-off")
			.database(this.database)
			.run();
		assertThat(next.exitCode()).as(next.toString()).isZero();
		assertThat(this.database.appliedChangeSetIds()).containsExactly("1", "2-slow");
		assertThat(this.database.jdbc().queryForList("SELECT id FROM counter", Long.class)).containsExactly(1L);
	}

	// MariaDB Connector/J's abort first opens a connection to KILL the running query, and
	// gives up on it only after its connectTimeout (30 s by default)
	private Duration abortAllowance() {
		return (server().kind() == DatabaseKind.MARIADB) ? Duration.ofSeconds(30) : Duration.ZERO;
	}

	private String sleepSql(int seconds) {
		return (server().kind() == DatabaseKind.POSTGRESQL) ? "SELECT pg_sleep(" + seconds + ")"
				: "SELECT SLEEP(" + seconds + ")";
	}

	private AppProcess.Builder throughProxy(String name, String... args) {
		AppProcess.Builder builder = AppProcess.sampleJar(this.workDir, args).named(name).database(this.database);
		return builder.env("SPRING_DATASOURCE_URL", this.proxy.url(this.database.jdbcUrl()))
			.env("MANAGEMENT_ENDPOINT_HEALTH_SHOW_DETAILS", "always");
	}

	private static HttpResponse<String> get(int port) {
		try {
			return HttpClient.newBuilder()
				.connectTimeout(Duration.ofSeconds(5))
				.build()
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
					.timeout(Duration.ofSeconds(10))
					.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (Exception ex) {
			throw new IllegalStateException("GET /actuator/health/readiness failed", ex);
		}
	}

}
