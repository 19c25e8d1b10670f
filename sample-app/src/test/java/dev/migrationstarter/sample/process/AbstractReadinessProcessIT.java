package dev.migrationstarter.sample.process;

import java.nio.file.Path;
import java.time.Duration;

import dev.migrationstarter.sample.process.AppProcess.Result;
import dev.migrationstarter.testsupport.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The readiness probe of a running sample application as its database falls behind,
 * catches up with and gets ahead of its changelog, run against each database by a thin
 * subclass.
 *
 * @author migration-starter
 */
abstract class AbstractReadinessProcessIT {

	private static final Duration REFRESH_INTERVAL = Duration.ofSeconds(2);

	@TempDir
	Path workDir;

	TestDatabase database;

	protected abstract TestDatabase createDatabase(Path workDir);

	@BeforeEach
	void createDatabase() {
		this.database = createDatabase(this.workDir);
	}

	@Test
	void isUnreadyWhileBehindAndReadyWithinOneRefreshIntervalOfTheMigrationWhileLivenessStaysUp() throws Exception {
		AppProcess app = serve("serve").start();
		try {
			int port = app.awaitPort(Duration.ofSeconds(60));
			assertThat(AppProcess.httpStatus(port, "/actuator/health/readiness")).isEqualTo(503);
			assertThat(AppProcess.httpStatus(port, "/actuator/health/liveness")).isEqualTo(200);
			Result migration = migrate("migrate").run();
			assertThat(migration.exitCode()).as(migration.toString()).isZero();
			long migrated = System.nanoTime();
			awaitStatus(app, port, "/actuator/health/readiness", 200, REFRESH_INTERVAL.plusSeconds(5));
			Duration untilReady = Duration.ofNanos(System.nanoTime() - migrated);
			assertThat(untilReady).isLessThan(REFRESH_INTERVAL.plusSeconds(3));
			assertThat(AppProcess.httpStatus(port, "/actuator/health/liveness")).isEqualTo(200);
		}
		finally {
			app.kill();
		}
	}

	@Test
	void staysReadyWhenANewerVersionMigratedTheDatabaseAheadUnlessToldOtherwise() throws Exception {
		String newer = Changelogs.write(this.workDir.resolve("newer.xml"),
				"<include file=\"classpath:db/changelog/release-2.xml\"/>",
				Changelogs.createTable("v2-1-create-note", "note"));
		Result migration = migrate("migrate-newer").arg(newer).run();
		assertThat(migration.exitCode()).as(migration.toString()).isZero();
		AppProcess old = serve("serve-old").start();
		AppProcess strict = serve("serve-strict").arg("--migration.readiness.fail-when-ahead=true").start();
		try {
			awaitStatus(old, old.awaitPort(Duration.ofSeconds(60)), "/actuator/health/readiness", 200,
					Duration.ofSeconds(10));
			int strictPort = strict.awaitPort(Duration.ofSeconds(60));
			assertThat(AppProcess.httpStatus(strictPort, "/actuator/health/readiness")).isEqualTo(503);
			assertThat(AppProcess.httpStatus(strictPort, "/actuator/health/liveness")).isEqualTo(200);
		}
		finally {
			old.kill();
			strict.kill();
		}
	}

	private AppProcess.Builder serve(String name) {
		return AppProcess
			.sampleJar(this.workDir, "--server.port=0",
					"--migration.readiness.refresh-interval=" + REFRESH_INTERVAL.toSeconds() + "s")
			.named(name)
			.database(this.database);
	}

	private AppProcess.Builder migrate(String name) {
		return AppProcess.sampleJar(this.workDir, "--migrate-only").named(name).database(this.database);
	}

	private static void awaitStatus(AppProcess app, int port, String path, int expected, Duration timeout) {
		app.awaitCondition(path + " answering " + expected, timeout,
				() -> AppProcess.httpStatus(port, path) == expected);
	}

}
