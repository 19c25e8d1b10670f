package dev.migrationstarter.lock;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.migrationstarter.jdbc.OwnTables;
import dev.migrationstarter.testsupport.DatabaseKind;
import dev.migrationstarter.testsupport.DatabaseServer;
import dev.migrationstarter.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The contract of the {@link MigrationLock} SPI, run against each database and lock kind
 * by a thin subclass.
 *
 * @author migration-starter
 */
abstract class AbstractMigrationLockIntegrationTests {

	static final String TABLE = "migration_lock";

	static final String LOCK_NAME = "liquibase-migration";

	TestDatabase database;

	HikariDataSource dataSource;

	final ExecutorService executor = Executors.newCachedThreadPool();

	protected abstract DatabaseServer server();

	/**
	 * The lock under test.
	 * @param settings its settings
	 * @return the lock
	 */
	protected abstract MigrationLock lock(LockSettings settings);

	/**
	 * What the lock-timeout message says of the holder.
	 * @return a part of the holder's description
	 */
	protected abstract String holderDescription();

	@BeforeEach
	void createDatabase() {
		this.database = server().createDatabase();
		this.dataSource = this.database.pool();
	}

	@AfterEach
	void closeDatabase() {
		this.executor.shutdownNow();
		// a skipped test (no server configured) never opened one
		if (this.dataSource != null) {
			this.dataSource.close();
		}
	}

	@Test
	void createsTheLockTableOnFirstUseWhenMigratorsRaceForIt() throws Exception {
		int migrators = 4;
		CountDownLatch start = new CountDownLatch(1);
		AtomicInteger holders = new AtomicInteger();
		AtomicInteger mostHoldersAtOnce = new AtomicInteger();
		List<Future<Duration>> results = new ArrayList<>();
		for (int i = 0; i < migrators; i++) {
			results.add(this.executor.submit(() -> {
				start.await();
				try (HeldMigrationLock held = lock(Duration.ofSeconds(60)).acquire(this.dataSource)) {
					mostHoldersAtOnce.accumulateAndGet(holders.incrementAndGet(), Math::max);
					new JdbcTemplate(held.dataSource()).queryForObject("SELECT COUNT(*) FROM " + TABLE, Integer.class);
					holders.decrementAndGet();
					return held.waited();
				}
			}));
		}
		start.countDown();
		for (Future<Duration> result : results) {
			assertThat(result.get(90, TimeUnit.SECONDS)).isNotNull();
		}
		assertThat(mostHoldersAtOnce).hasValue(1);
		assertThat(this.database.tableExists(TABLE)).isTrue();
	}

	@Test
	void waitsForTheHolderToReleaseThenTakesTheLock() throws Exception {
		HeldMigrationLock first = lock(Duration.ofSeconds(5)).acquire(this.dataSource);
		CountDownLatch foundHeld = new CountDownLatch(1);
		Future<Optional<HeldMigrationLock>> second = this.executor
			.submit(() -> lock(Duration.ofSeconds(60)).acquire(this.dataSource, () -> {
				foundHeld.countDown();
				return true;
			}));
		assertThat(foundHeld.await(30, TimeUnit.SECONDS)).as("the waiter found the lock held").isTrue();
		assertThat(second).isNotDone();
		first.close();
		try (HeldMigrationLock held = second.get(30, TimeUnit.SECONDS).orElseThrow()) {
			assertThat(held.waited()).isPositive();
		}
	}

	@Test
	void givesUpWithTheHolderNamedWhenTheWaitTimeoutPasses() {
		try (HeldMigrationLock held = lock(Duration.ofSeconds(5)).acquire(this.dataSource)) {
			assertThatExceptionOfType(LockNotAcquiredException.class)
				.isThrownBy(() -> lock(Duration.ofSeconds(2)).acquire(this.dataSource))
				.withMessageContaining("'" + LOCK_NAME + "' is still held by")
				.satisfies((ex) -> assertThat(ex.getHolder()).contains(holderDescription()));
		}
	}

	@Test
	void findsItsTableThroughTheMetadataInAnyCaseAndQualifiedByItsSchema() throws SQLException {
		new JdbcTemplate(this.dataSource).execute("CREATE TABLE migrationxlock (id INT)");
		try (Connection connection = this.dataSource.getConnection()) {
			assertThat(OwnTables.exists(connection, TABLE)).as("_ is no wildcard").isFalse();
			LockTable.createIfMissing(this.dataSource, TABLE);
			String schema = (this.database.kind() == DatabaseKind.MARIADB) ? connection.getCatalog()
					: connection.getSchema();
			assertThat(OwnTables.exists(connection, TABLE)).isTrue();
			assertThat(OwnTables.exists(connection, TABLE.toUpperCase(Locale.ROOT))).isTrue();
			assertThat(OwnTables.exists(connection, schema + "." + TABLE)).isTrue();
			assertThat(OwnTables.exists(connection, schema + ".no_such_table")).isFalse();
		}
		LockTable.createIfMissing(this.dataSource, TABLE);
	}

	@Test
	void releasesTheLockWhenClosed() {
		lock(Duration.ofSeconds(5)).acquire(this.dataSource).close();
		try (HeldMigrationLock held = lock(Duration.ZERO).acquire(this.dataSource)) {
			assertThat(held.waited()).as("free at the first try").isZero();
		}
	}

	@Test
	void stopsWaitingOnceTheLockIsNoLongerNeeded() {
		try (HeldMigrationLock held = lock(Duration.ofSeconds(5)).acquire(this.dataSource)) {
			long started = System.nanoTime();
			assertThat(lock(Duration.ofSeconds(60)).acquire(this.dataSource, () -> false)).isEmpty();
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
		}
	}

	@Test
	void recordsItsOwnerByHostProcessIdAndARandomToken() {
		String first;
		try (HeldMigrationLock held = lock(Duration.ofSeconds(5)).acquire(this.dataSource)) {
			first = lockedBy();
			assertThat(first).contains(" pid " + ProcessHandle.current().pid() + " token ");
		}
		try (HeldMigrationLock held = lock(Duration.ofSeconds(5)).acquire(this.dataSource)) {
			assertThat(lockedBy()).as("a token per owner").isNotEqualTo(first);
		}
	}

	@Test
	void neverReleasesARecordThatNamesAnotherOwner() {
		HeldMigrationLock held = lock(Duration.ofSeconds(5)).acquire(this.dataSource);
		new JdbcTemplate(this.dataSource).update("UPDATE " + TABLE + " SET locked_by = ? WHERE name = ?",
				"other-host pid 1 token 00000000", LOCK_NAME);
		Timestamp until = leaseEnd();
		held.close();
		assertThat(lockedBy()).isEqualTo("other-host pid 1 token 00000000");
		assertThat(leaseEnd()).isEqualTo(until);
	}

	MigrationLock lock(Duration waitTimeout) {
		return lock(
				new LockSettings(TABLE, LOCK_NAME, LockSettings.MINIMUM_LEASE, waitTimeout, Duration.ofMillis(200)));
	}

	String lockedBy() {
		return new JdbcTemplate(this.dataSource).queryForObject("SELECT locked_by FROM " + TABLE + " WHERE name = ?",
				String.class, LOCK_NAME);
	}

	Timestamp leaseEnd() {
		return new JdbcTemplate(this.dataSource).queryForObject("SELECT lock_until FROM " + TABLE + " WHERE name = ?",
				Timestamp.class, LOCK_NAME);
	}

	static void pollPause() {
		try {
			TimeUnit.MILLISECONDS.sleep(100);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
