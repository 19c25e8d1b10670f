package dev.migrationstarter.lock;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.migrationstarter.testsupport.DatabaseServer;
import dev.migrationstarter.testsupport.PgBouncer;
import dev.migrationstarter.testsupport.PgBouncer.PoolMode;
import dev.migrationstarter.testsupport.TcpProxy;
import dev.migrationstarter.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The PostgreSQL session lock behind PgBouncer: refused before it is taken through a pool
 * in transaction or statement mode, taken through a pool in session mode, and taken with
 * one extra query and no second connection when connected directly or through a plain TCP
 * proxy.
 *
 * @author migration-starter
 */
@ExtendWith(OutputCaptureExtension.class)
class PostgresPoolerMigrationLockIntegrationTests {

	private static final LockSettings SETTINGS = new LockSettings("migration_lock", "liquibase-migration",
			Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofMillis(100));

	private final List<AutoCloseable> closeables = new ArrayList<>();

	private TestDatabase database;

	private PgBouncer pgBouncer;

	@BeforeEach
	void startPgBouncer() {
		this.database = DatabaseServer.postgres().createDatabase();
		this.pgBouncer = closing(PgBouncer.inFrontOf(this.database));
	}

	@AfterEach
	void close() throws Exception {
		for (int i = this.closeables.size() - 1; i >= 0; i--) {
			this.closeables.get(i).close();
		}
	}

	@Test
	void refusesTheLockThroughATransactionPoolBeforeTakingIt() {
		HikariDataSource pool = closing(this.pgBouncer.database(PoolMode.TRANSACTION).pool());
		assertThatExceptionOfType(TransactionPoolingException.class).isThrownBy(() -> lock().acquire(pool))
			.withMessageContaining("PgBouncer pool_mode=transaction")
			.withMessageContaining("was served by the same database session (pid ");
		assertThat(advisoryLocks()).isZero();
	}

	@Test
	void refusesTheLockThroughAStatementPoolOfUnpooledConnections() {
		DataSource unpooled = this.pgBouncer.database(PoolMode.STATEMENT).dataSource();
		assertThatExceptionOfType(TransactionPoolingException.class).isThrownBy(() -> lock().acquire(unpooled));
		assertThat(advisoryLocks()).isZero();
	}

	@Test
	void takesTheLockThroughASessionPoolAndRunsTheMigrationOnThatSession() {
		HikariDataSource pool = closing(this.pgBouncer.database(PoolMode.SESSION).pool());
		try (HeldMigrationLock held = lock().acquire(pool)) {
			assertThat(advisoryLocks()).isOne();
			assertThat(new JdbcTemplate(held.dataSource()).queryForObject("SHOW client_connection_check_interval",
					String.class))
				.isEqualTo("5s");
		}
		assertThat(advisoryLocks()).isZero();
	}

	@Test
	void aPoolOfOneBehindAPoolerIsCheckedOnItsOwnConnectionWithAWarning(CapturedOutput output) {
		HikariDataSource poolOfOne = closing(this.pgBouncer.database(PoolMode.SESSION).pool());
		poolOfOne.setMaximumPoolSize(1);
		long started = System.nanoTime();
		try (HeldMigrationLock held = lock().acquire(poolOfOne)) {
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
			assertThat(advisoryLocks()).isOne();
		}
		assertThat(output).contains("Could not open a second connection to tell whether the pooler in front of "
				+ "PostgreSQL keeps one session per connection (none came within 5 s: a pool of one?)");
	}

	@Test
	void aDataSourceOfOneConnectionBehindAPoolerIsNotTakenForASharedSession() {
		TestDatabase sessionPool = this.pgBouncer.database(PoolMode.SESSION);
		SingleConnectionDataSource oneConnection = closing(new SingleConnectionDataSource(sessionPool.jdbcUrl(),
				sessionPool.username(), sessionPool.password(), true));
		try (HeldMigrationLock held = lock().acquire(oneConnection)) {
			assertThat(advisoryLocks()).isOne();
			assertThat(new JdbcTemplate(held.dataSource()).queryForObject("SELECT 1", Integer.class)).isOne();
		}
	}

	@Test
	void aDirectConnectionNeedsNoSecondConnection() {
		HikariDataSource poolOfOne = closing(this.database.pool());
		poolOfOne.setMaximumPoolSize(1);
		long started = System.nanoTime();
		try (HeldMigrationLock held = lock().acquire(poolOfOne)) {
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
			assertThat(advisoryLocks()).isOne();
		}
	}

	@Test
	void aConnectionThroughAPlainTcpProxyIsADirectOne() {
		TcpProxy proxy = closing(TcpProxy.inFrontOf(this.database.jdbcUrl()));
		TestDatabase throughProxy = new TestDatabase(this.database.kind(), proxy.url(this.database.jdbcUrl()),
				this.database.username(), this.database.password());
		try (HeldMigrationLock held = lock().acquire(throughProxy.dataSource())) {
			assertThat(advisoryLocks()).isOne();
		}
	}

	@Test
	void checksADirectConnectionWithOneQuery() throws SQLException {
		HikariDataSource pool = closing(this.database.pool());
		try (Connection connection = pool.getConnection()) {
			TransactionPoolingCheck.verify(pool, connection);
			int checks = 200;
			long started = System.nanoTime();
			for (int i = 0; i < checks; i++) {
				TransactionPoolingCheck.verify(pool, connection);
			}
			Duration each = Duration.ofNanos((System.nanoTime() - started) / checks);
			System.out.println("pooling check of a direct connection: " + each.toNanos() / 1000 + " µs");
			assertThat(each).isLessThan(Duration.ofMillis(20));
		}
	}

	@Test
	void findsTheTransactionPoolWhileOtherClientsKeepItBusy() throws Exception {
		TestDatabase transactionPool = this.pgBouncer.database(PoolMode.TRANSACTION);
		HikariDataSource traffic = closing(transactionPool.pool());
		traffic.setMaximumPoolSize(8);
		HikariDataSource migration = closing(transactionPool.pool());
		ExecutorService clients = Executors.newFixedThreadPool(8);
		AtomicBoolean running = new AtomicBoolean(true);
		AtomicLong queries = new AtomicLong();
		for (int i = 0; i < 8; i++) {
			clients.submit(() -> {
				JdbcTemplate jdbc = new JdbcTemplate(traffic);
				while (running.get()) {
					jdbc.queryForObject("SELECT pg_backend_pid()", Integer.class);
					queries.incrementAndGet();
				}
				return null;
			});
		}
		int attempts = 100;
		int found = 0;
		long started = System.nanoTime();
		try {
			for (int i = 0; i < attempts; i++) {
				try (Connection connection = migration.getConnection()) {
					TransactionPoolingCheck.verify(migration, connection);
				}
				catch (TransactionPoolingException ex) {
					found++;
				}
			}
		}
		finally {
			running.set(false);
			clients.shutdown();
		}
		Duration each = Duration.ofNanos((System.nanoTime() - started) / attempts);
		System.out.println("transaction pool found " + found + " of " + attempts + " times beside " + queries.get()
				+ " queries of other clients; " + each.toNanos() / 1000 + " µs per check");
		assertThat(queries.get()).isPositive();
		assertThat(found).isEqualTo(attempts);
	}

	private MigrationLock lock() {
		MigrationLock lock = new DatabaseMigrationLock(SETTINGS).lockFor(this.database.dataSource());
		assertThat(lock).isInstanceOf(PostgresSessionLock.class);
		return lock;
	}

	private int advisoryLocks() {
		return this.database.jdbc()
			.queryForObject("SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND database = "
					+ "(SELECT oid FROM pg_database WHERE datname = current_database())", Integer.class);
	}

	private <T extends AutoCloseable> T closing(T closeable) {
		this.closeables.add(closeable);
		return closeable;
	}

	private SingleConnectionDataSource closing(SingleConnectionDataSource dataSource) {
		this.closeables.add(dataSource::destroy);
		return dataSource;
	}

}
