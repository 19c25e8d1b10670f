package dev.migrationstarter.lock;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import javax.sql.DataSource;

import dev.migrationstarter.core.Durations;
import dev.migrationstarter.core.MigrationSession;
import dev.migrationstarter.jdbc.Redaction;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.SimpleLock;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
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
 * host, process id and a random token; it is renewed and released only while it still
 * names this owner and its lease has not run out, so no process ever extends or frees
 * another's lease. Before each changeset the holder renews it once more
 * ({@link HeldMigrationLock#verifyHeld()}): a holder that was frozen past its lease finds
 * it lost and stops before that changeset, since a successor may already run.
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
		String owner = LockOwner.next();
		return pollForLock(lockProvider(dataSource, owner), dataSource, owner, stillNeeded);
	}

	private JdbcTemplateLockProvider lockProvider(DataSource dataSource, String owner) {
		return new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
			.withJdbcTemplate(new JdbcTemplate(dataSource))
			.withTableName(this.settings.tableName())
			.withLockedByValue(owner)
			.usingDbTime()
			.build());
	}

	private Optional<HeldMigrationLock> pollForLock(JdbcTemplateLockProvider provider, DataSource dataSource,
			String owner, BooleanSupplier stillNeeded) {
		try {
			return LockWait.forLock(this.settings, false, (waited, waitedBefore, mayWait) -> {
				Optional<SimpleLock> lock = provider.lock(new LockConfiguration(Instant.now(), this.settings.lockName(),
						this.settings.lease(), Duration.ZERO));
				if (lock.isEmpty()) {
					return Optional.empty();
				}
				logger.info("Acquired migration lock '" + this.settings.lockName() + "'"
						+ (waitedBefore ? " after waiting " + Durations.format(waited) : ""));
				return Optional.of(new HeldLease(lock.get(), dataSource, waited, owner));
			}, () -> describeHolder(dataSource), stillNeeded);
		}
		catch (SQLException ex) {
			// a ShedLock attempt reports database errors unchecked
			throw new IllegalStateException(ex);
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

	/**
	 * A lease this process holds, renewed at half the lease and before each changeset.
	 */
	private final class HeldLease implements HeldMigrationLock {

		private final DataSource dataSource;

		private final Duration waited;

		private final String owner;

		private final ScheduledExecutorService renewal;

		private SimpleLock lease;

		private String lost;

		HeldLease(SimpleLock lease, DataSource dataSource, Duration waited, String owner) {
			this.lease = lease;
			this.dataSource = dataSource;
			this.waited = waited;
			this.owner = owner;
			this.renewal = Executors.newSingleThreadScheduledExecutor((runnable) -> {
				Thread thread = new Thread(runnable, "migration-lock-renewal");
				thread.setDaemon(true);
				return thread;
			});
			long interval = ShedLockMigrationLock.this.settings.lease().dividedBy(2).toMillis();
			this.renewal.scheduleAtFixedRate(this::renewQuietly, interval, interval, TimeUnit.MILLISECONDS);
		}

		@Override
		public Duration waited() {
			return this.waited;
		}

		@Override
		public DataSource dataSource() {
			return this.dataSource;
		}

		@Override
		public Optional<MigrationSession> session() {
			return Optional.empty();
		}

		@Override
		public void verifyHeld() {
			String reason = renew();
			if (reason != null) {
				throw new LockLostException(lockName(), reason);
			}
		}

		private void renewQuietly() {
			try {
				String reason = renew();
				if (reason != null) {
					logger.error("Migration lock '" + lockName() + "' is no longer held by this migrator: " + reason
							+ "; it stops before its next changeset");
				}
			}
			catch (RuntimeException ex) {
				logger.warn("Could not renew migration lock '" + lockName() + "'; trying again in "
						+ Durations.format(ShedLockMigrationLock.this.settings.lease().dividedBy(2)) + ": "
						+ Redaction.text(ex.getMessage()));
			}
		}

		// ShedLock extends a lease only while its row still names this owner and has not
		// run out; the renewal thread and the migration thread take turns
		private synchronized String renew() {
			if (this.lost == null) {
				Optional<SimpleLock> renewed = this.lease.extend(ShedLockMigrationLock.this.settings.lease(),
						Duration.ZERO);
				if (renewed.isPresent()) {
					this.lease = renewed.get();
				}
				else {
					this.lost = "its lease ran out or was taken over; the lock is now held by "
							+ describeHolder(this.dataSource);
					this.renewal.shutdown();
				}
			}
			return this.lost;
		}

		private String lockName() {
			return ShedLockMigrationLock.this.settings.lockName();
		}

		// ShedLock's own unlock matches the row by name only, which would free a
		// successor's lease after this one's was taken over
		@Override
		public void close() {
			this.renewal.shutdownNow();
			int released = new JdbcTemplate(this.dataSource)
				.update("UPDATE " + ShedLockMigrationLock.this.settings.tableName()
						+ " SET lock_until = locked_at WHERE name = ? AND locked_by = ?", lockName(), this.owner);
			if (released == 0) {
				logger.warn("Migration lock '" + lockName() + "' was no longer held by this migrator (" + this.owner
						+ ") when it was released: its lease had been taken over");
			}
			else {
				logger.debug("Released migration lock '" + lockName() + "'");
			}
		}

	}

}
