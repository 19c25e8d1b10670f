package dev.migrationstarter.runner;

import java.io.Writer;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import javax.sql.DataSource;

import dev.migrationstarter.core.MigrationEngine;
import dev.migrationstarter.core.MigrationException;
import dev.migrationstarter.core.MigrationExitCode;
import dev.migrationstarter.core.MigrationListener;
import dev.migrationstarter.core.MigrationReport;
import dev.migrationstarter.core.MigrationSession;
import dev.migrationstarter.jdbc.Redaction;
import dev.migrationstarter.lock.HeldMigrationLock;
import dev.migrationstarter.lock.MigrationLock;
import dev.migrationstarter.runner.ChangeSetLockGuard.GuardedUpdate;
import dev.migrationstarter.startup.LiquibasePreinitializer;
import dev.migrationstarter.status.ChangelogStatusReader;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.visitor.DefaultChangeExecListener;
import liquibase.exception.LiquibaseException;
import liquibase.integration.spring.SpringLiquibase;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.BeanWrapper;
import org.springframework.beans.DirectFieldAccessor;
import org.springframework.beans.PropertyAccessorFactory;

/**
 * Runs a {@link SpringLiquibase} bean's update under the {@link MigrationLock}.
 *
 * <p>
 * The update itself is the bean's own {@code afterPropertiesSet()}, run on the data
 * source that the held lock provides (under a session lock, the one connection that holds
 * it), so every setting that Spring Boot or the application gave the bean (contexts,
 * labels, schemas, table names, parameters, tag, rollback file, summary, customizer)
 * applies unchanged. For one run the bean is allowed to run, and a Liquibase customizer
 * is layered over the bean's own one to:
 * <ol>
 * <li>take Liquibase's {@code DATABASECHANGELOGLOCK}, releasing one left behind only when
 * its holder is provably gone ({@link LiquibaseChangelogLock});</li>
 * <li>count the pending changesets and log where and what is migrated;</li>
 * <li>log each changeset as it is applied.</li>
 * </ol>
 *
 * @author migration-starter
 */
public class LiquibaseMigrator {

	private static final Log logger = LogFactory.getLog(LiquibaseMigrator.class);

	private static final Duration PREINITIALISATION_TIMEOUT = Duration.ofSeconds(30);

	private final MigrationLock lock;

	private final Duration heartbeatInterval;

	private final List<MigrationListener> listeners;

	private final Function<SpringLiquibase, ChangelogStatusReader> statusReaders;

	private final boolean skipWhenUpToDate;

	private final PendingChangeCheck pendingChangeCheck;

	private final ChangeSetLockGuard lockGuard;

	public LiquibaseMigrator(MigrationLock lock) {
		this(lock, Duration.ofSeconds(30), List.of(), null, false, null);
	}

	public LiquibaseMigrator(MigrationLock lock, Duration heartbeatInterval, List<MigrationListener> listeners,
			Function<SpringLiquibase, ChangelogStatusReader> statusReaders, boolean skipWhenUpToDate,
			PendingChangeCheck pendingChangeCheck) {
		this(lock, heartbeatInterval, listeners, statusReaders, skipWhenUpToDate, pendingChangeCheck, null);
	}

	/**
	 * Create a migrator.
	 * @param lock the lock that lets one migrator at a time run
	 * @param heartbeatInterval how often a long-running changeset is logged as still
	 * running
	 * @param listeners told about every run
	 * @param statusReaders a status reader for a bean, which tells whether its update
	 * would change nothing and keeps its changesets in the changelog index after a
	 * migration, or {@code null} for neither
	 * @param skipWhenUpToDate whether to skip the lock and the update when the reader
	 * finds the database up to date
	 * @param pendingChangeCheck judges the pending changesets before the lock is taken,
	 * or {@code null} for no check
	 * @param lockGuard bounds the table lock waits of each changeset and retries, or
	 * {@code null} for none
	 */
	public LiquibaseMigrator(MigrationLock lock, Duration heartbeatInterval, List<MigrationListener> listeners,
			Function<SpringLiquibase, ChangelogStatusReader> statusReaders, boolean skipWhenUpToDate,
			PendingChangeCheck pendingChangeCheck, ChangeSetLockGuard lockGuard) {
		this.lock = lock;
		this.heartbeatInterval = heartbeatInterval;
		this.listeners = List.copyOf(listeners);
		this.statusReaders = statusReaders;
		this.skipWhenUpToDate = skipWhenUpToDate;
		this.pendingChangeCheck = pendingChangeCheck;
		this.lockGuard = lockGuard;
	}

	/**
	 * Migrate the database of the given bean.
	 * @param beanName the bean name, for logs
	 * @param liquibase the bean
	 * @return what was done
	 * @throws MigrationException if the migration did not complete
	 */
	public MigrationReport migrate(String beanName, SpringLiquibase liquibase) {
		long started = System.nanoTime();
		DataSource dataSource = liquibase.getDataSource();
		ChangeSetProgressLogger progress = new ChangeSetProgressLogger();
		Duration lockWait = Duration.ZERO;
		String target = null;
		ScheduledExecutorService heartbeat = startHeartbeat(progress);
		try {
			target = connect(dataSource);
			ChangelogStatusReader statusReader = (this.statusReaders != null) ? this.statusReaders.apply(liquibase)
					: null;
			if (nothingToDo(liquibase, statusReader)) {
				logger.info("Migrating " + target + " with changelog " + liquibase.getChangeLog()
						+ ": 0 changesets pending; the database is up to date, so neither the migration lock nor"
						+ " Liquibase's update is needed");
				statusReader.saveIndex();
				MigrationReport report = new MigrationReport(beanName, MigrationEngine.LIQUIBASE, target, 0, lockWait,
						Duration.ofNanos(System.nanoTime() - started), List.of());
				notifyListeners(report, MigrationExitCode.SUCCESS);
				return report;
			}
			LiquibasePreinitializer.awaitCompletion(PREINITIALISATION_TIMEOUT);
			if (this.pendingChangeCheck != null) {
				this.pendingChangeCheck.check(beanName, liquibase, statusReader);
			}
			Optional<HeldMigrationLock> acquired = this.lock.acquire(dataSource,
					() -> !upToDateWhileWaiting(liquibase, statusReader));
			if (acquired.isEmpty()) {
				lockWait = Duration.ofNanos(System.nanoTime() - started);
				logger.info("Migrating " + target + " with changelog " + liquibase.getChangeLog()
						+ ": 0 changesets pending; another migrator brought the database up to date while this one waited");
			}
			else {
				try (HeldMigrationLock held = acquired.get()) {
					progress.checkBeforeEachChangeSet(held::verifyHeld);
					lockWait = held.waited().plus(update(beanName, liquibase, held, target, progress));
				}
			}
			if (statusReader != null) {
				statusReader.saveIndex();
			}
		}
		catch (LiquibaseException | RuntimeException ex) {
			MigrationException failure = MigrationFailures.classify(ex, progress.failedChangeSet());
			if (failure.getExitCode() == MigrationExitCode.LOCK_TIMEOUT) {
				lockWait = Duration.ofNanos(System.nanoTime() - started);
			}
			MigrationReport partial = new MigrationReport(beanName, MigrationEngine.LIQUIBASE, target,
					progress.applied(), lockWait, Duration.ofNanos(System.nanoTime() - started),
					progress.appliedChangeSets());
			notifyListeners(partial, failure.getExitCode());
			throw failure.withReport(partial);
		}
		finally {
			heartbeat.shutdownNow();
		}
		MigrationReport report = new MigrationReport(beanName, MigrationEngine.LIQUIBASE, target, progress.applied(),
				lockWait, Duration.ofNanos(System.nanoTime() - started), progress.appliedChangeSets());
		notifyListeners(report, MigrationExitCode.SUCCESS);
		return report;
	}

	/**
	 * Whether the update can be skipped: it has nothing to apply, tag, roll back, drop,
	 * clear or repair. Every setting that makes an update do something even with nothing
	 * pending sends it through the update.
	 */
	private boolean nothingToDo(SpringLiquibase liquibase, ChangelogStatusReader statusReader) {
		return this.skipWhenUpToDate && statusReader != null && liquibase.getTag() == null && !liquibase.isDropFirst()
				&& !liquibase.isClearCheckSums() && !liquibase.isTestRollbackOnUpdate()
				&& new DirectFieldAccessor(liquibase).getPropertyValue("rollbackFile") == null
				&& statusReader.isUpToDateForUpdate();
	}

	private boolean upToDateWhileWaiting(SpringLiquibase liquibase, ChangelogStatusReader statusReader) {
		try {
			return nothingToDo(liquibase, statusReader);
		}
		catch (RuntimeException ex) {
			logger.debug("Up-to-date check while waiting for the migration lock failed; still waiting", ex);
			return false;
		}
	}

	/**
	 * Write the SQL that a migration of the given bean would run, applying nothing: no
	 * lock is taken and no changeset is recorded.
	 * @param beanName the bean name, for logs
	 * @param liquibase the bean
	 * @param output where to write the SQL
	 * @return what was done (nothing applied)
	 * @throws MigrationException if the SQL could not be generated
	 */
	public MigrationReport dryRun(String beanName, SpringLiquibase liquibase, Writer output) {
		long started = System.nanoTime();
		LiquibasePreinitializer.awaitCompletion(PREINITIALISATION_TIMEOUT);
		String target = connect(liquibase.getDataSource());
		logger.info("Dry run against " + target + " with changelog " + liquibase.getChangeLog()
				+ ": writing the SQL of the pending changesets to standard output");
		UpdateSqlWriter.write(liquibase, output);
		return new MigrationReport(beanName, MigrationEngine.LIQUIBASE, target, 0, Duration.ZERO,
				Duration.ofNanos(System.nanoTime() - started), List.of());
	}

	private ScheduledExecutorService startHeartbeat(ChangeSetProgressLogger progress) {
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

	private String connect(DataSource dataSource) {
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
	 * Run the update on the lock's data source: under a session lock, the connection that
	 * holds the lock, so that the changes cannot outlive the lock.
	 * @return how long the update waited for Liquibase's changelog lock
	 */
	private Duration update(String beanName, SpringLiquibase springLiquibase, HeldMigrationLock held, String target,
			ChangeSetProgressLogger progress) throws LiquibaseException {
		DataSource ownDataSource = springLiquibase.getDataSource();
		GuardedUpdate lockGuarded = (this.lockGuard != null) ? this.lockGuard.begin(beanName, ownDataSource, held)
				: null;
		// a retried update claims Liquibase's lock again for each attempt
		List<LiquibaseChangelogLock.Claim> claims = new CopyOnWriteArrayList<>();
		try (GuardedUpdate guarded = (lockGuarded != null) ? lockGuarded : new UnguardedUpdate(held.dataSource())) {
			springLiquibase.setDataSource(guarded.dataSource());
			guarded.run(() -> UpdateSqlWriter.runOnce(springLiquibase,
					(liquibase) -> prepare(springLiquibase, liquibase, held.session(), target, progress, guarded)
						.ifPresent(claims::add)));
		}
		finally {
			springLiquibase.setDataSource(ownDataSource);
			if (!claims.isEmpty()) {
				releaseChangelogLock(claims.get(claims.size() - 1), held.dataSource());
			}
		}
		return claims.stream().map(LiquibaseChangelogLock.Claim::waited).reduce(Duration.ZERO, Duration::plus);
	}

	private void releaseChangelogLock(LiquibaseChangelogLock.Claim claim, DataSource session) {
		try (Connection connection = session.getConnection()) {
			claim.releaseIfStillHeld(connection);
		}
		catch (SQLException ex) {
			logger.debug("Could not reach the migration session to release Liquibase's changelog lock", ex);
		}
	}

	private Optional<LiquibaseChangelogLock.Claim> prepare(SpringLiquibase springLiquibase, Liquibase liquibase,
			Optional<MigrationSession> session, String target, ChangeSetProgressLogger progress,
			GuardedUpdate guarded) {
		try {
			Optional<LiquibaseChangelogLock.Claim> claim = LiquibaseChangelogLock.claim(liquibase.getDatabase(),
					session);
			List<ChangeSet> unrun = liquibase.listUnrunChangeSets(new Contexts(springLiquibase.getContexts()),
					new LabelExpression(springLiquibase.getLabelFilter()));
			int pending = unrun.size();
			progress.expect(pending);
			logger.info("Migrating " + target + " with changelog " + springLiquibase.getChangeLog() + ": " + pending
					+ ((pending == 1) ? " changeset" : " changesets") + " pending");
			guarded.beforeChangeSets(liquibase.getDatabase(), unrun);
			liquibase.setChangeExecListener(new DefaultChangeExecListener(progress, guarded.listener()));
			return claim;
		}
		catch (LiquibaseException ex) {
			throw new PreparationFailedException(ex);
		}
	}

	/**
	 * Carries a checked Liquibase exception out of a {@link Customizer}.
	 */
	static final class PreparationFailedException extends RuntimeException {

		PreparationFailedException(LiquibaseException cause) {
			super(cause.getMessage(), cause);
		}

	}

}
