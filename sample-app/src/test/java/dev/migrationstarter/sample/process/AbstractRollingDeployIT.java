package dev.migrationstarter.sample.process;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.PathNotFoundException;
import dev.migrationstarter.sample.process.AppProcess.Result;
import dev.migrationstarter.testsupport.DatabaseServer;
import dev.migrationstarter.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rolling deploy played with real processes of the sample jar on PostgreSQL: release 1
 * serving, release 2 started and waiting, release 2's migration, the switch, and a
 * release 3 whose migration fails; once per migration engine by a thin subclass.
 *
 * @author migration-starter
 */
abstract class AbstractRollingDeployIT {

	private static final Duration REFRESH_INTERVAL = Duration.ofSeconds(2);

	@TempDir
	Path workDir;

	TestDatabase database;

	/**
	 * The arguments that select the engine's twin of the sample.
	 * @return the arguments, possibly none
	 */
	protected abstract List<String> engineArguments();

	/**
	 * What the engine calls one change, as the last line counts them.
	 * @return {@code changesets} or {@code migrations}
	 */
	protected abstract String changesNoun();

	/**
	 * The ids of the applied changes, in the order they were applied.
	 * @return the ids
	 */
	protected abstract List<String> appliedIds();

	/**
	 * The ids of release 1's changes.
	 * @return the ids
	 */
	protected abstract List<String> releaseOneIds();

	/**
	 * The ids of release 2's changes.
	 * @return the ids
	 */
	protected abstract List<String> releaseTwoIds();

	/**
	 * How the health details name release 2's first change.
	 * @return a part of the name
	 */
	protected abstract String releaseTwoFirstChange();

	/**
	 * Write release 3: release 2, a change that creates table {@code farewell}, then one
	 * that creates table {@code greeting_archive} and fails.
	 * @return the argument that points the application at release 3
	 */
	protected abstract String writeReleaseThree();

	/**
	 * The id of release 3's first change.
	 * @return the id
	 */
	protected abstract String releaseThreeFirstId();

	/**
	 * How the last line and the health details name release 3's failing change.
	 * @return a part of the name
	 */
	protected abstract String releaseThreeFailingChange();

	private final List<AppProcess> servers = new ArrayList<>();

	@BeforeEach
	void createDatabase() {
		this.database = DatabaseServer.postgres().createDatabase();
	}

	@AfterEach
	void stopServers() {
		this.servers.forEach(AppProcess::kill);
	}

	@Test
	void releaseTwoWaitsForItsMigrationWhileReleaseOneServesAndAFailedReleaseThreeMigrationChangesNeitherOfThem()
			throws Exception {
		// 1. Release 1 migrated and serving.
		Result release1Migration = migrate("migrate-release-1", "--sample.release=1").run();
		assertThat(release1Migration.exitCode()).as(release1Migration.toString()).isZero();
		assertThat(appliedIds()).containsExactlyElementsOf(releaseOneIds());
		Server release1 = serve("serve-release-1", "--sample.release=1");
		release1.awaitReadiness(200, Duration.ofSeconds(10));
		assertThat(release1.get("/greetings")).satisfies((response) -> {
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.body()).contains("Hello from v1").doesNotContain("language");
		});

		// 2. Release 2 started: unready while its schema is behind; release 1 still
		// ready.
		Server release2 = serve("serve-release-2");
		release2.awaitMigrationDetail("pending", 2);
		assertThat(release2.readiness().statusCode()).isEqualTo(503);
		assertThat(release2.migrationDetail("firstPending").toString()).contains(releaseTwoFirstChange());
		assertThat(release1.readiness().statusCode()).isEqualTo(200);

		// 3. Release 2's migration: release 2 ready within one refresh interval, release
		// 1
		// ready and answering every request throughout.
		RequestWatch watch = new RequestWatch(release1, "/greetings");
		try {
			Result release2Migration = migrate("migrate-release-2").run();
			long migrated = System.nanoTime();
			assertThat(release2Migration.exitCode()).as(release2Migration.toString()).isZero();
			assertThat(release2Migration.lastLine()).contains("2 " + changesNoun() + " applied");
			release2.awaitReadiness(200, REFRESH_INTERVAL.plusSeconds(5));
			Duration untilReady = Duration.ofNanos(System.nanoTime() - migrated);
			System.out.printf("Release 2 ready %d ms after its migration exited (refresh interval %d ms)%n",
					untilReady.toMillis(), REFRESH_INTERVAL.toMillis());
			assertThat(untilReady).isLessThan(REFRESH_INTERVAL.plusSeconds(3));
			assertThat(release1.readiness().statusCode()).isEqualTo(200);
		}
		finally {
			watch.close();
		}
		assertThat(watch.statuses()).as("release 1's answers during the migration").containsOnlyKeys(200);
		assertThat(watch.statuses().get(200)).hasPositiveValue();
		assertThat(appliedIds()).containsExactlyElementsOf(releaseTwoIds());
		assertThat(release1.get("/greetings").body()).contains("Hello from v1")
			.contains("Hallo von v2")
			.doesNotContain("language");
		assertThat(release2.get("/greetings?language=de").body()).contains("Hallo von v2")
			.contains("\"language\":\"de\"")
			.doesNotContain("Hello from v1");

		// The switch: release 1 goes away once release 2 is ready.
		release1.process().kill();

		// 4. Release 3's migration fails on its second changeset.
		String release3Arguments = writeReleaseThree();
		Result release3Migration = migrate("migrate-release-3").arg(release3Arguments).run();
		assertThat(release3Migration.exitCode()).as(release3Migration.toString()).isEqualTo(1);
		assertThat(release3Migration.lastLine()).contains("Migration failed (exit code 1)")
			.contains(releaseThreeFailingChange());
		assertThat(appliedIds()).endsWith(releaseThreeFirstId()).hasSize(releaseTwoIds().size() + 1);
		assertThat(this.database.tableExists("farewell")).isTrue();
		assertThat(this.database.tableExists("greeting_archive")).as("the failed changeset's DDL is rolled back")
			.isFalse();
		release2.awaitMigrationDetail("unknown", 1);
		assertThat(release2.readiness().statusCode()).as("release 2 after reading release 3's changeset")
			.isEqualTo(200);
		Server release3 = serve("serve-release-3", release3Arguments);
		release3.awaitMigrationDetail("pending", 1);
		assertThat(release3.readiness().statusCode()).isEqualTo(503);
		assertThat(release3.migrationDetail("firstPending").toString()).contains(releaseThreeFailingChange());
		assertThat(release2.readiness().statusCode()).isEqualTo(200);
	}

	private AppProcess.Builder migrate(String name, String... args) {
		AppProcess.Builder builder = AppProcess.sampleJar(this.workDir, "--migrate-only")
			.named(name)
			.database(this.database);
		engineArguments().forEach(builder::arg);
		for (String arg : args) {
			builder.arg(arg);
		}
		return builder;
	}

	private Server serve(String name, String... args) {
		AppProcess.Builder builder = AppProcess
			.sampleJar(this.workDir, "--server.port=0",
					"--migration.readiness.refresh-interval=" + REFRESH_INTERVAL.toSeconds() + "s",
					"--migration.readiness.up-to-date-interval=" + REFRESH_INTERVAL.toSeconds() + "s",
					"--management.endpoint.health.group.readiness.show-details=always")
			.named(name)
			.database(this.database);
		engineArguments().forEach(builder::arg);
		for (String arg : args) {
			builder.arg(arg);
		}
		AppProcess process = builder.start();
		this.servers.add(process);
		return new Server(process, process.awaitPort(Duration.ofSeconds(60)));
	}

	private record Server(AppProcess process, int port) {

		HttpResponse<String> get(String path) {
			try {
				return HttpClient.newHttpClient()
					.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
						.timeout(Duration.ofSeconds(10))
						.build(), HttpResponse.BodyHandlers.ofString());
			}
			catch (Exception ex) {
				throw new IllegalStateException("GET " + path + " failed", ex);
			}
		}

		HttpResponse<String> readiness() {
			return get("/actuator/health/readiness");
		}

		Object migrationDetail(String name) {
			try {
				return JsonPath.read(readiness().body(), "$.components.migration.details." + name);
			}
			catch (PathNotFoundException ex) {
				return null;
			}
		}

		void awaitReadiness(int status, Duration timeout) {
			this.process.awaitCondition("readiness answering " + status, timeout,
					() -> readiness().statusCode() == status);
		}

		void awaitMigrationDetail(String name, int value) {
			this.process.awaitCondition("the migration check reporting " + name + " = " + value, Duration.ofSeconds(30),
					() -> Integer.valueOf(value).equals(migrationDetail(name)));
		}

	}

	/**
	 * Requests one path of a server every 50 ms on another thread, counting the answers
	 * by status ({@code -1} for no answer).
	 */
	private static final class RequestWatch implements AutoCloseable {

		private final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();

		private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();

		RequestWatch(Server server, String path) {
			this.executor.scheduleWithFixedDelay(() -> {
				int status;
				try {
					status = server.get(path).statusCode();
				}
				catch (RuntimeException ex) {
					status = -1;
				}
				this.statuses.computeIfAbsent(status, (key) -> new AtomicInteger()).incrementAndGet();
			}, 0, 50, TimeUnit.MILLISECONDS);
		}

		Map<Integer, AtomicInteger> statuses() {
			return this.statuses;
		}

		@Override
		public void close() throws InterruptedException {
			this.executor.shutdown();
			this.executor.awaitTermination(30, TimeUnit.SECONDS);
		}

	}

}
