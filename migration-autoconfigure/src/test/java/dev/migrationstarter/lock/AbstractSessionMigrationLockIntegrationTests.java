package dev.migrationstarter.lock;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import dev.migrationstarter.testsupport.DatabaseKind;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The contract of a session lock ({@link SessionMigrationLock}), the lock of PostgreSQL
 * and MariaDB, chosen through {@link DatabaseMigrationLock} as the starter chooses it.
 *
 * @author migration-starter
 */
abstract class AbstractSessionMigrationLockIntegrationTests extends AbstractMigrationLockIntegrationTests {

	@Override
	protected MigrationLock lock(LockSettings settings) {
		MigrationLock lock = new DatabaseMigrationLock(settings).lockFor(this.dataSource);
		assertThat(lock).isInstanceOf(SessionMigrationLock.class);
		return lock;
	}

	@Override
	protected String holderDescription() {
		return (this.database.kind() == DatabaseKind.POSTGRESQL) ? "database session pid" : "database connection";
	}

	@Test
	void theMigrationRunsOnTheSessionThatHoldsTheLockWhichClosingItsConnectionDoesNotEnd() throws SQLException {
		try (HeldMigrationLock held = lock(Duration.ofSeconds(5)).acquire(this.dataSource)) {
			String sessionId = held.session().orElseThrow().id();
			try (Connection connection = held.dataSource().getConnection()) {
				assertThat(sessionId + "-").startsWith(currentSession(connection));
			}
			try (Connection again = held.dataSource().getConnection()) {
				assertThat(again.isClosed()).isFalse();
				assertThat(sessionId + "-").startsWith(currentSession(again));
			}
			assertThatExceptionOfType(LockNotAcquiredException.class)
				.isThrownBy(() -> lock(Duration.ZERO).acquire(this.dataSource));
		}
	}

	@Test
	void aWaiterTakesTheLockTheMomentTheHolderLetsGoNotAtItsNextPoll() throws Exception {
		Duration pollInterval = Duration.ofSeconds(20);
		HeldMigrationLock first = lock(Duration.ofSeconds(5)).acquire(this.dataSource);
		Future<HeldMigrationLock> second = this.executor.submit(() -> lock(
				new LockSettings(TABLE, LOCK_NAME, LockSettings.MINIMUM_LEASE, Duration.ofSeconds(60), pollInterval))
			.acquire(this.dataSource));
		awaitWaiter();
		first.close();
		long released = System.nanoTime();
		try (HeldMigrationLock held = second.get(30, TimeUnit.SECONDS)) {
			assertThat(Duration.ofNanos(System.nanoTime() - released)).isLessThan(pollInterval.dividedBy(4));
		}
	}

	private void awaitWaiter() {
		String waiting = (this.database.kind() == DatabaseKind.POSTGRESQL)
				? "SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
				: "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE INFO LIKE 'SELECT GET_LOCK(%' AND TIME_MS > 0";
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (new JdbcTemplate(this.dataSource).queryForObject(waiting, Integer.class) == 0) {
			assertThat(System.nanoTime()).as("a waiter blocked on the lock").isLessThan(deadline);
			pollPause();
		}
	}

	@Test
	void aHolderWhoseSessionEndsFreesTheLockAtOnce() {
		DataSource ownSession = new SingleConnectionDataSource(this.database.jdbcUrl(), this.database.username(),
				this.database.password(), true);
		HeldMigrationLock dead = lock(Duration.ofSeconds(5)).acquire(ownSession);
		String deadSession = dead.session().orElseThrow().id();
		assertThatExceptionOfType(LockNotAcquiredException.class)
			.isThrownBy(() -> lock(Duration.ofSeconds(1)).acquire(this.dataSource))
			.satisfies((ex) -> assertThat(ex.getHolder()).contains(holderDescription()));
		terminate(deadSession);
		try (HeldMigrationLock successor = lock(Duration.ofSeconds(30)).acquire(this.dataSource)) {
			assertThat(successor.waited()).isLessThan(Duration.ofSeconds(5));
			assertThat(successor.session().orElseThrow().isGone(deadSession)).isTrue();
			assertThat(successor.session().orElseThrow().isGone(successor.session().orElseThrow().id())).isFalse();
			assertThat(lockedBy()).contains(" pid " + ProcessHandle.current().pid());
		}
	}

	@Test
	void everyFailureAfterTheSessionIsLostIsReportedAsThatLoss() throws SQLException {
		HeldMigrationLock held = lock(Duration.ofSeconds(5)).acquire(this.dataSource);
		terminate(held.session().orElseThrow().id());
		Connection connection = held.dataSource().getConnection();
		SQLException loss = catchThrowableOfType(SQLException.class,
				() -> connection.createStatement().executeQuery("SELECT 1"));
		assertThat((Throwable) loss).as("the failure that shows the loss").isNotNull();
		assertThatExceptionOfType(SQLNonTransientConnectionException.class).isThrownBy(connection::rollback)
			.withMessageContaining(loss.getMessage())
			.havingCause()
			.isSameAs(loss);
		held.close();
		try (HeldMigrationLock successor = lock(Duration.ZERO).acquire(this.dataSource)) {
			assertThat(successor.waited()).isLessThan(Duration.ofSeconds(1));
		}
	}

	@Test
	void aRecordLeftByAnotherOwnerNeverMakesTheNextHolderWait() {
		LockTable.createIfMissing(this.dataSource, TABLE);
		new JdbcTemplate(this.dataSource).update(
				"INSERT INTO " + TABLE + " (name, lock_until, locked_at, locked_by) VALUES (?, ?, ?, ?)", LOCK_NAME,
				Timestamp.valueOf("2999-01-01 00:00:00"), Timestamp.valueOf("2020-01-01 00:00:00"),
				"frozen-host pid 7 token 0badcafe");
		try (HeldMigrationLock held = lock(Duration.ZERO).acquire(this.dataSource)) {
			assertThat(held.waited()).isLessThan(Duration.ofSeconds(1));
			assertThat(lockedBy()).contains(" pid " + ProcessHandle.current().pid()).doesNotContain("frozen-host");
		}
	}

	private String currentSession(Connection connection) throws SQLException {
		String sql = (this.database.kind() == DatabaseKind.POSTGRESQL) ? "SELECT pg_backend_pid()"
				: "SELECT CONNECTION_ID()";
		try (var statement = connection.createStatement(); var result = statement.executeQuery(sql)) {
			result.next();
			String id = result.getString(1);
			return ((this.database.kind() == DatabaseKind.POSTGRESQL) ? "pg-" : "mariadb-") + id + "-";
		}
	}

	private void terminate(String sessionId) {
		JdbcTemplate admin = this.database.jdbc();
		if (this.database.kind() == DatabaseKind.POSTGRESQL) {
			long pid = Long.parseLong(sessionId.split("-")[1]);
			admin.queryForObject("SELECT pg_terminate_backend(?)", Boolean.class, (int) pid);
			awaitGone("SELECT COUNT(*) FROM pg_stat_activity WHERE pid = ?::int", pid);
		}
		else {
			long id = Long.parseLong(sessionId.substring("mariadb-".length()));
			admin.execute("KILL " + id);
			awaitGone("SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID = ?", id);
		}
	}

	private void awaitGone(String countSql, long id) {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (this.database.jdbc().queryForObject(countSql, Integer.class, id) > 0) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("Session " + id + " did not end");
			}
			pollPause();
		}
	}

}
