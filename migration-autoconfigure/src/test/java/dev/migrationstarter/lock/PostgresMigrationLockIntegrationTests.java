package dev.migrationstarter.lock;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.migrationstarter.testsupport.DatabaseServer;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The session lock against PostgreSQL ({@code pg_try_advisory_lock}).
 *
 * @author migration-starter
 */
class PostgresMigrationLockIntegrationTests extends AbstractSessionMigrationLockIntegrationTests {

	@Override
	protected DatabaseServer server() {
		return DatabaseServer.postgres();
	}

	@Test
	void everyWaiterWakesWhenTheHolderLetsGoNotOnlyTheOneThatTakesTheLock() throws Exception {
		Duration pollInterval = Duration.ofSeconds(20);
		LockSettings settings = new LockSettings(TABLE, LOCK_NAME, LockSettings.MINIMUM_LEASE, Duration.ofSeconds(60),
				pollInterval);
		HeldMigrationLock holder = lock(Duration.ofSeconds(5)).acquire(this.dataSource);
		AtomicBoolean workDone = new AtomicBoolean();
		List<Future<Optional<HeldMigrationLock>>> waiters = List.of(
				this.executor.submit(() -> lock(settings).acquire(this.dataSource, () -> !workDone.get())),
				this.executor.submit(() -> lock(settings).acquire(this.dataSource, () -> !workDone.get())));
		awaitWaiters(2);
		workDone.set(true);
		holder.close();
		long released = System.nanoTime();
		Optional<HeldMigrationLock> first = waiters.get(0).get(30, TimeUnit.SECONDS);
		Optional<HeldMigrationLock> second = waiters.get(1).get(30, TimeUnit.SECONDS);
		try {
			assertThat(Duration.ofNanos(System.nanoTime() - released))
				.as("both answered before the next poll, while one may still hold the lock")
				.isLessThan(pollInterval.dividedBy(4));
			assertThat(first.isPresent() && second.isPresent()).as("only one holds the lock").isFalse();
		}
		finally {
			first.ifPresent(HeldMigrationLock::close);
			second.ifPresent(HeldMigrationLock::close);
		}
	}

	@Test
	void asksTheServerToNoticeAVanishedClientDuringAStatement() {
		try (HeldMigrationLock held = lock(Duration.ofSeconds(5)).acquire(this.dataSource)) {
			assertThat(new JdbcTemplate(held.dataSource()).queryForObject("SHOW client_connection_check_interval",
					String.class))
				.isEqualTo("5s");
		}
	}

	private void awaitWaiters(int count) {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (new JdbcTemplate(this.dataSource).queryForObject(
				"SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted", Integer.class) < count) {
			assertThat(System.nanoTime()).as("%d waiters blocked on the lock", count).isLessThan(deadline);
			pollPause();
		}
	}

}
