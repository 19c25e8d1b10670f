package dev.migrationstarter.command;

import java.io.Writer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.migrationstarter.core.MigrationEngine;
import dev.migrationstarter.core.MigrationException;
import dev.migrationstarter.core.MigrationExitCode;
import dev.migrationstarter.core.MigrationReport;
import dev.migrationstarter.core.MigrationRun;
import dev.migrationstarter.core.MigrationStatus;
import dev.migrationstarter.core.MigrationTarget;
import dev.migrationstarter.core.PendingChange;
import dev.migrationstarter.lock.DatabaseMigrationLock;
import dev.migrationstarter.lock.HeldMigrationLock;
import dev.migrationstarter.lock.LockNotAcquiredException;
import dev.migrationstarter.lock.LockSettings;
import dev.migrationstarter.lock.MigrationLock;
import dev.migrationstarter.testsupport.DatabaseServer;
import dev.migrationstarter.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How {@link TargetMigrator} uses the migration lock of a real database around a target:
 * what it asks while it waits, what it asks once it holds the lock, and what it does
 * before it lets the lock go.
 *
 * @author migration-starter
 */
abstract class AbstractTargetMigratorIntegrationTests {

	private static final Duration POLL = Duration.ofMillis(200);

	private TestDatabase database;

	private HikariDataSource dataSource;

	private final ExecutorService executor = Executors.newCachedThreadPool();

	protected abstract DatabaseServer server();

	@BeforeEach
	void createDatabase() {
		this.database = server().createDatabase();
		this.dataSource = this.database.pool();
	}

	@AfterEach
	void closeDatabase() {
		this.executor.shutdownNow();
		if (this.dataSource != null) {
			this.dataSource.close();
		}
	}

	@Test
	void aMigratorThatFindsTheLockFreeDecidesOnceAndMigrates() {
		RecordingTarget target = new RecordingTarget(this.dataSource);
		MigrationReport report = migrator(Duration.ofSeconds(30), target.guardChecks::incrementAndGet).migrate(target);
		assertThat(target.migrations).hasValue(1);
		assertThat(target.fullChecks).as("before the lock only").hasValue(1);
		assertThat(target.guardChecks).hasValue(1);
		assertThat(report.lockWait()).isZero();
	}

	@Test
	void aWaitingMigratorAsksOnlyTheCheapCheckWhileWaitingAndTheFullOneOnceItHoldsTheLock() throws Exception {
		RecordingTarget target = new RecordingTarget(this.dataSource);
		HeldMigrationLock holder = lock(Duration.ofSeconds(30)).acquire(this.dataSource);
		Future<MigrationReport> waiting = this.executor
			.submit(() -> migrator(Duration.ofSeconds(60), target.guardChecks::incrementAndGet).migrate(target));
		awaitAtLeast(target.checksWhileWaiting, 2);
		assertThat(target.fullChecks).as("before the lock only").hasValue(1);
		target.upToDate.set(true);
		holder.close();
		MigrationReport report = waiting.get(30, TimeUnit.SECONDS);
		assertThat(target.fullChecks).as("before the lock, and once more once held").hasValue(2);
		assertThat(target.migrations).hasValue(0);
		assertThat(target.guardChecks).as("nothing left to judge").hasValue(1);
		assertThat(report.applied()).isZero();
		assertThat(report.lockWait()).isPositive();
		try (HeldMigrationLock free = lock(Duration.ZERO).acquire(this.dataSource)) {
			assertThat(free.waited()).as("let go at once").isZero();
		}
	}

	@Test
	void aMigratorWithWorkLeftAfterWaitingJudgesItAgainAndSavesBeforeLettingTheLockGo() throws Exception {
		RecordingTarget target = new RecordingTarget(this.dataSource);
		AtomicReference<Boolean> heldWhileSaving = new AtomicReference<>();
		target.afterMigration = () -> heldWhileSaving.set(lockedByAnother());
		HeldMigrationLock holder = lock(Duration.ofSeconds(30)).acquire(this.dataSource);
		Future<MigrationReport> waiting = this.executor
			.submit(() -> migrator(Duration.ofSeconds(60), target.guardChecks::incrementAndGet).migrate(target));
		awaitAtLeast(target.checksWhileWaiting, 1);
		holder.close();
		waiting.get(30, TimeUnit.SECONDS);
		assertThat(target.migrations).hasValue(1);
		assertThat(target.guardChecks).as("before the lock, and again for what is pending after the wait").hasValue(2);
		assertThat(heldWhileSaving).as("saved while the lock was still held").hasValue(true);
	}

	private boolean lockedByAnother() {
		try (HeldMigrationLock other = lock(Duration.ZERO).acquire(this.dataSource)) {
			return false;
		}
		catch (LockNotAcquiredException ex) {
			return true;
		}
	}

	private TargetMigrator migrator(Duration waitTimeout, Runnable guard) {
		return new TargetMigrator(lock(waitTimeout), Duration.ofMinutes(1), List.of(), true, (target) -> guard.run());
	}

	private MigrationLock lock(Duration waitTimeout) {
		return new DatabaseMigrationLock(new LockSettings("migration_lock", "target-migrator-test",
				LockSettings.MINIMUM_LEASE, waitTimeout, POLL));
	}

	private static void awaitAtLeast(AtomicInteger count, int expected) {
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (count.get() < expected) {
			assertThat(System.nanoTime()).as("%d checks while waiting", expected).isLessThan(deadline);
			try {
				TimeUnit.MILLISECONDS.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
	}

	/**
	 * A target whose database is the test's own; it counts what the migrator asks.
	 */
	private static final class RecordingTarget implements MigrationTarget {

		private final DataSource dataSource;

		final AtomicBoolean upToDate = new AtomicBoolean();

		final AtomicInteger fullChecks = new AtomicInteger();

		final AtomicInteger checksWhileWaiting = new AtomicInteger();

		final AtomicInteger guardChecks = new AtomicInteger();

		final AtomicInteger migrations = new AtomicInteger();

		volatile Runnable afterMigration = () -> {
		};

		RecordingTarget(DataSource dataSource) {
			this.dataSource = dataSource;
		}

		@Override
		public String name() {
			return "recording";
		}

		@Override
		public MigrationEngine engine() {
			return MigrationEngine.LIQUIBASE;
		}

		@Override
		public String source() {
			return "changelog recording.xml";
		}

		@Override
		public DataSource dataSource() {
			return this.dataSource;
		}

		@Override
		public MigrationStatus readStatus(Duration timeout, boolean validate) {
			throw new UnsupportedOperationException();
		}

		@Override
		public boolean isUpToDateForMigration() {
			this.fullChecks.incrementAndGet();
			return this.upToDate.get();
		}

		@Override
		public boolean isUpToDateWhileWaiting() {
			this.checksWhileWaiting.incrementAndGet();
			return false;
		}

		@Override
		public List<PendingChange> pendingChanges() {
			return List.of();
		}

		@Override
		public void migrate(MigrationRun run) {
			this.migrations.incrementAndGet();
		}

		@Override
		public void writeDryRun(Writer output) {
			throw new UnsupportedOperationException();
		}

		@Override
		public MigrationException classify(Throwable failure, String failedChange) {
			return new MigrationException(MigrationExitCode.MIGRATION_FAILED, failure.getMessage(), "see the cause",
					failure);
		}

		@Override
		public void afterMigration() {
			this.afterMigration.run();
		}

		@Override
		public String toString() {
			return "recording target";
		}

	}

}
