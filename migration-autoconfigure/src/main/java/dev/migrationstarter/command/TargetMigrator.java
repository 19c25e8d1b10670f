package dev.migrationstarter.command;

import java.io.Writer;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import dev.migrationstarter.core.ChangeProgress;
import dev.migrationstarter.core.MigrationException;
import dev.migrationstarter.core.MigrationExitCode;
import dev.migrationstarter.core.MigrationFailures;
import dev.migrationstarter.core.MigrationListener;
import dev.migrationstarter.core.MigrationReport;
import dev.migrationstarter.core.MigrationRun;
import dev.migrationstarter.core.MigrationSession;
import dev.migrationstarter.core.MigrationTarget;
import dev.migrationstarter.core.PendingChangeCheck;
import dev.migrationstarter.jdbc.Redaction;
import dev.migrationstarter.lock.HeldMigrationLock;
import dev.migrationstarter.lock.MigrationLock;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.BeanWrapper;
import org.springframework.beans.PropertyAccessorFactory;

/**
 * Migrates one {@link MigrationTarget} under the {@link MigrationLock}, whatever its
 * engine.
 *
 * <ol>
 * <li>Connect, and name the database in every line that follows.</li>
 * <li>Skip the lock and the migration when the target says that a migration would change
 * nothing (read-only, no lock).</li>
 * <li>Judge the pending migrations ({@link PendingChangeCheck}, the zero-downtime guard):
 * a refusal ends the run before the lock is taken.</li>
 * <li>Take the migration lock, giving up the wait when another migrator brought the
 * database up to date meanwhile; a lock got after a wait is let go at once if so, and
 * kept only after judging again what is pending now.</li>
 * <li>Let the target migrate on the lock's data source, checking before each migration
 * that the lock is still held, and logging a heartbeat while a migration runs long; what
 * the target keeps after a migration (such as an index) is saved before the lock
 * goes.</li>
 * <li>Report the run to every {@link MigrationListener}, and turn a failure into its exit
 * code through the target.</li>
 * </ol>
 *
 * @author migration-starter
 */
public class TargetMigrator {

	private static final Log logger = LogFactory.getLog(TargetMigrator.class);

	private final MigrationLock lock;

	private final Duration heartbeatInterval;

	private final List<MigrationListener> listeners;

	private final boolean skipWhenUpToDate;

	private final PendingChangeCheck pendingChangeCheck;

	/**
	 * Create a migrator.
	 * @param lock the lock that lets one migrator at a time run
	 * @param heartbeatInterval how often a long-running migration is logged as still
	 * running
	 * @param listeners told about every run
	 * @param skipWhenUpToDate whether to skip the lock and the migration when the target
	 * finds the database up to date
	 * @param pendingChangeCheck judges the pending migrations before the lock is taken,
	 * or {@code null} for no check
	 */
	public TargetMigrator(MigrationLock lock, Duration heartbeatInterval, List<MigrationListener> listeners,
			boolean skipWhenUpToDate, PendingChangeCheck pendingChangeCheck) {
		this.lock = lock;
		this.heartbeatInterval = heartbeatInterval;
		this.listeners = List.copyOf(listeners);
		this.skipWhenUpToDate = skipWhenUpToDate;
		this.pendingChangeCheck = pendingChangeCheck;
	}

	/**
	 * Migrate the database of the given target.
	 * @param target the target
	 * @return what was done
	 * @throws MigrationException if the migration did not complete
	 */
	public MigrationReport migrate(MigrationTarget target) {
		long started = System.nanoTime();
		ChangeProgressLogger progress = new ChangeProgressLogger(target);
		Duration lockWait = Duration.ZERO;
		String database = null;
		ScheduledExecutorService heartbeat = startHeartbeat(progress);
		try {
			database = connect(target.dataSource());
			progress.migrating(database);
			String nothingPending = "Migrating " + database + " with " + target.source() + ": 0 "
					+ ChangeNouns.noun(0, List.of(target.engine())) + " pending; ";
			if (this.skipWhenUpToDate && target.isUpToDateForMigration()) {
				logger.info(nothingPending + "the database is up to date, so neither the migration lock nor "
						+ target.engine().displayName() + "'s update is needed");
				target.afterMigration();
				return finished(target, database, progress, lockWait, started);
			}
			if (this.pendingChangeCheck != null) {
				this.pendingChangeCheck.check(target);
			}
			Optional<HeldMigrationLock> acquired = this.lock
				.acquire(target.dataSource(), () -> !upToDateWhileWaiting(target))
				.flatMap((held) -> neededAfterWaiting(target, held));
			if (acquired.isEmpty()) {
				lockWait = Duration.ofNanos(System.nanoTime() - started);
				logger.info(nothingPending + "another migrator brought the database up to date while this one waited");
				target.afterMigration();
			}
			else {
				try (HeldMigrationLock held = acquired.get()) {
					if (!held.waited().isZero() && this.pendingChangeCheck != null) {
						this.pendingChangeCheck.check(target);
					}
					progress.checkBeforeEachChange(held::verifyHeld);
					Run run = new Run(held, progress);
					target.migrate(run);
					lockWait = held.waited().plus(run.engineLockWait);
					// saved under the lock, so that the waiters find it
					target.afterMigration();
				}
			}
		}
		catch (Exception ex) {
			MigrationException failure = target.classify(ex, progress.failedChange());
			if (failure.getExitCode() == MigrationExitCode.LOCK_TIMEOUT) {
				lockWait = Duration.ofNanos(System.nanoTime() - started);
			}
			MigrationReport partial = report(target, database, progress, lockWait, started);
			notifyListeners(partial, failure.getExitCode());
			throw failure.withReport(partial);
		}
		finally {
			heartbeat.shutdownNow();
		}
		return finished(target, database, progress, lockWait, started);
	}

	private MigrationReport finished(MigrationTarget target, String database, ChangeProgressLogger progress,
			Duration lockWait, long started) {
		MigrationReport report = report(target, database, progress, lockWait, started);
		notifyListeners(report, MigrationExitCode.SUCCESS);
		return report;
	}

	private static MigrationReport report(MigrationTarget target, String database, ChangeProgressLogger progress,
			Duration lockWait, long started) {
		return new MigrationReport(target.name(), target.engine(), database, progress.applied(), lockWait,
				Duration.ofNanos(System.nanoTime() - started), progress.appliedChanges());
	}

	private boolean upToDateWhileWaiting(MigrationTarget target) {
		try {
			return this.skipWhenUpToDate && target.isUpToDateWhileWaiting();
		}
		catch (RuntimeException ex) {
			logger.debug("Up-to-date check while waiting for the migration lock failed; still waiting", ex);
			return false;
		}
	}

	// the holder may have done this migrator's work, and the checks at each poll may not
	// have been able to tell without costly work that is now worth doing
	private Optional<HeldMigrationLock> neededAfterWaiting(MigrationTarget target, HeldMigrationLock held) {
		if (held.waited().isZero() || !this.skipWhenUpToDate) {
			return Optional.of(held);
		}
		boolean upToDate;
		try {
			upToDate = target.isUpToDateForMigration();
		}
		catch (RuntimeException ex) {
			held.close();
			throw ex;
		}
		if (!upToDate) {
			return Optional.of(held);
		}
		held.close();
		return Optional.empty();
	}

	/**
	 * Write the SQL that a migration of the given target would run, applying nothing: no
	 * lock is taken and no migration is recorded.
	 * @param target the target
	 * @param output where to write the SQL
	 * @return what was done (nothing applied)
	 * @throws MigrationException if the SQL could not be generated
	 */
	public MigrationReport dryRun(MigrationTarget target, Writer output) {
		long started = System.nanoTime();
		String database = connect(target.dataSource());
		logger.info("Dry run against " + database + " with " + target.source() + ": writing the SQL of the pending "
				+ ChangeNouns.noun(2, List.of(target.engine())) + " to standard output");
		try {
			target.writeDryRun(output);
		}
		catch (RuntimeException ex) {
			throw target.classify(ex, null);
		}
		return new MigrationReport(target.name(), target.engine(), database, 0, Duration.ZERO,
				Duration.ofNanos(System.nanoTime() - started), List.of());
	}

	private ScheduledExecutorService startHeartbeat(ChangeProgressLogger progress) {
		ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "migration-heartbeat");
			thread.setDaemon(true);
			return thread;
		});
		long interval = this.heartbeatInterval.toMillis();
		heartbeat.scheduleAtFixedRate(progress::heartbeat, interval, interval, TimeUnit.MILLISECONDS);
		return heartbeat;
	}

	private void notifyListeners(MigrationReport report, MigrationExitCode outcome) {
		for (MigrationListener listener : this.listeners) {
			try {
				listener.migrationFinished(report, outcome);
			}
			catch (RuntimeException ex) {
				logger.warn("Migration listener " + listener + " failed: " + ex.getMessage());
			}
		}
	}

	private static String connect(DataSource dataSource) {
		try (Connection connection = dataSource.getConnection()) {
			DatabaseMetaData metaData = connection.getMetaData();
			return metaData.getDatabaseProductName() + " " + metaData.getDatabaseProductVersion() + " at "
					+ Redaction.target(metaData.getURL());
		}
		catch (SQLException | RuntimeException ex) {
			throw MigrationFailures.databaseUnavailable(dataSource, configuredUrl(dataSource), ex);
		}
	}

	private static String configuredUrl(DataSource dataSource) {
		BeanWrapper wrapper = PropertyAccessorFactory.forBeanPropertyAccess(dataSource);
		for (String property : new String[] { "jdbcUrl", "url" }) {
			if (wrapper.isReadableProperty(property)) {
				Object url = wrapper.getPropertyValue(property);
				if (url != null) {
					return url.toString();
				}
			}
		}
		return null;
	}

	/**
	 * The run a target migrates under while the lock is held.
	 */
	private static final class Run implements MigrationRun {

		private final HeldMigrationLock held;

		private final ChangeProgress progress;

		private volatile Duration engineLockWait = Duration.ZERO;

		Run(HeldMigrationLock held, ChangeProgress progress) {
			this.held = held;
			this.progress = progress;
		}

		@Override
		public DataSource dataSource() {
			return this.held.dataSource();
		}

		@Override
		public Optional<MigrationSession> session() {
			return this.held.session();
		}

		@Override
		public ChangeProgress progress() {
			return this.progress;
		}

		@Override
		public void engineLockWaited(Duration waited) {
			this.engineLockWait = this.engineLockWait.plus(waited);
		}

	}

}
