package dev.migrationstarter.lock;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;

import javax.sql.DataSource;

import dev.migrationstarter.core.Durations;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.SimpleLock;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import net.javacrumbs.shedlock.support.KeepAliveLockProvider;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A {@link MigrationLock} held in a ShedLock table of the database being migrated.
 *
 * <p>
 * The lock of databases without a session lock (H2 and any database the starter does not
 * know). ShedLock never waits for a lock, so this class polls. The lock row is leased for
 * {@link LockSettings#lease()} by the database's clock and renewed at half the lease
 * while this process lives, so a migration may run for any length of time, and a migrator
 * that is killed blocks the next one for at most one lease. The row names its owner by
 * host, process id and a random token, and is released only while it still names this
 * owner, so no process ever frees another's lease.
 *
 * @author migration-starter
 */
public class ShedLockMigrationLock implements MigrationLock {

	private static final Log logger = LogFactory.getLog(ShedLockMigrationLock.class);

	private final LockSettings settings;

	public ShedLockMigrationLock(LockSettings settings) {
		this.settings = settings;
	}

	@Override
	public Optional<HeldMigrationLock> acquire(DataSource dataSource, BooleanSupplier stillNeeded) {
		LockTable.createIfMissing(dataSource, this.settings.tableName());
		ScheduledExecutorService renewal = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "migration-lock-renewal");
			thread.setDaemon(true);
			return thread;
		});
		try {
			String owner = LockOwner.next();
			KeepAliveLockProvider provider = new KeepAliveLockProvider(lockProvider(dataSource, owner), renewal);
			Optional<HeldMigrationLock> held = pollForLock(provider, dataSource, renewal, owner, stillNeeded);
			if (held.isEmpty()) {
				renewal.shutdownNow();
			}
			return held;
		}
		catch (RuntimeException ex) {
			renewal.shutdownNow();
			throw ex;
		}
	}

	private JdbcTemplateLockProvider lockProvider(DataSource dataSource, String owner) {
		return new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
			.withJdbcTemplate(new JdbcTemplate(dataSource))
			.withTableName(this.settings.tableName())
			.withLockedByValue(owner)
			.usingDbTime()
			.build());
	}

	private Optional<HeldMigrationLock> pollForLock(KeepAliveLockProvider provider, DataSource dataSource,
			ScheduledExecutorService renewal, String owner, BooleanSupplier stillNeeded) {
		long started = System.nanoTime();
		long deadline = started + this.settings.waitTimeout().toNanos();
		boolean announced = false;
		while (true) {
			Optional<SimpleLock> lock = provider.lock(new LockConfiguration(Instant.now(), this.settings.lockName(),
					this.settings.lease(), Duration.ZERO));
			Duration waited = Duration.ofNanos(System.nanoTime() - started);
			if (lock.isPresent()) {
				logger.info("Acquired migration lock '" + this.settings.lockName() + "'"
						+ (announced ? " after waiting " + Durations.format(waited) : ""));
				return Optional.of(new ShedLockHeldLock(dataSource, waited, renewal, this.settings, owner));
			}
			if (!announced) {
				logger.info("Migration lock '" + this.settings.lockName() + "' is held by " + describeHolder(dataSource)
						+ "; waiting up to " + Durations.format(this.settings.waitTimeout())
						+ " (migration.lock.wait-timeout)");
				announced = true;
			}
			if (!stillNeeded.getAsBoolean()) {
				logger.info("Stopped waiting for migration lock '" + this.settings.lockName() + "' after "
						+ Durations.format(waited) + ": the migrator that holds it has done this one's work");
				return Optional.empty();
			}
			if (System.nanoTime() + this.settings.pollInterval().toNanos() > deadline) {
				throw new LockNotAcquiredException(this.settings.lockName(), waited, describeHolder(dataSource));
			}
			pause(this.settings.pollInterval());
		}
	}

	private String describeHolder(DataSource dataSource) {
		try {
			List<String> holders = new JdbcTemplate(dataSource).query(
					"SELECT locked_by, locked_at, lock_until FROM " + this.settings.tableName() + " WHERE name = ?",
					(row, index) -> row.getString(1) + " (locked at " + row.getTimestamp(2) + ", lease until "
							+ row.getTimestamp(3) + ")",
					this.settings.lockName());
			return holders.isEmpty() ? "another migrator" : holders.get(0);
		}
		catch (RuntimeException ex) {
			return "another migrator";
		}
	}

	static void pause(Duration interval) {
		try {
			Thread.sleep(interval.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for the migration lock", ex);
		}
	}

	private record ShedLockHeldLock(DataSource dataSource, Duration waited, ScheduledExecutorService renewal,
			LockSettings settings, String owner) implements HeldMigrationLock {

		@Override
		public Optional<MigrationSession> session() {
			return Optional.empty();
		}

		// ShedLock's own unlock matches the row by name only, which would free a
		// successor's lease after this one's was taken over
		@Override
		public void close() {
			this.renewal.shutdownNow();
			int released = new JdbcTemplate(this.dataSource).update(
					"UPDATE " + this.settings.tableName()
							+ " SET lock_until = locked_at WHERE name = ? AND locked_by = ?",
					this.settings.lockName(), this.owner);
			if (released == 0) {
				logger.warn("Migration lock '" + this.settings.lockName() + "' was no longer held by this migrator ("
						+ this.owner + ") when it was released: its lease had been taken over");
			}
			else {
				logger.debug("Released migration lock '" + this.settings.lockName() + "'");
			}
		}

	}

}
