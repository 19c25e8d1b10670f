package dev.migrationstarter.lock;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

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
 * ShedLock never waits for a lock, so this class polls. The lock row is leased for
 * {@link LockSettings#lease()} by the database's clock and renewed at half the lease
 * while this process lives, so a migration may run for any length of time, and a migrator
 * that is killed blocks the next one for at most one lease.
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
	public HeldMigrationLock acquire(DataSource dataSource) {
		LockTable.createIfMissing(dataSource, this.settings.tableName());
		ScheduledExecutorService renewal = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "migration-lock-renewal");
			thread.setDaemon(true);
			return thread;
		});
		try {
			KeepAliveLockProvider provider = new KeepAliveLockProvider(lockProvider(dataSource), renewal);
			return pollForLock(provider, dataSource, renewal);
		}
		catch (RuntimeException ex) {
			renewal.shutdownNow();
			throw ex;
		}
	}

	private JdbcTemplateLockProvider lockProvider(DataSource dataSource) {
		return new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
			.withJdbcTemplate(new JdbcTemplate(dataSource))
			.withTableName(this.settings.tableName())
			.usingDbTime()
			.build());
	}

	private HeldMigrationLock pollForLock(KeepAliveLockProvider provider, DataSource dataSource,
			ScheduledExecutorService renewal) {
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
				return new ShedLockHeldLock(lock.get(), waited, renewal, this.settings.lockName());
			}
			if (!announced) {
				logger.info("Migration lock '" + this.settings.lockName() + "' is held by " + describeHolder(dataSource)
						+ "; waiting up to " + Durations.format(this.settings.waitTimeout())
						+ " (migration.lock.wait-timeout)");
				announced = true;
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

	private static void pause(Duration interval) {
		try {
			Thread.sleep(interval.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for the migration lock", ex);
		}
	}

	private record ShedLockHeldLock(SimpleLock lock, Duration waited, ScheduledExecutorService renewal,
			String lockName) implements HeldMigrationLock {

		@Override
		public void close() {
			try {
				this.lock.unlock();
				logger.debug("Released migration lock '" + this.lockName + "'");
			}
			finally {
				this.renewal.shutdownNow();
			}
		}

	}

}
