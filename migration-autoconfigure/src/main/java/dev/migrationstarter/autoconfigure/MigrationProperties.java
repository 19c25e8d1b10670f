package dev.migrationstarter.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.migrationstarter.guard.Acknowledgements;
import dev.migrationstarter.guard.GuardPolicy;
import dev.migrationstarter.guard.locks.LockTimeoutSettings;
import dev.migrationstarter.lock.LockSettings;
import dev.migrationstarter.mode.InvalidMigrationInputException;
import dev.migrationstarter.mode.MigrationMode;
import dev.migrationstarter.readiness.ReadinessSettings;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of migration-starter.
 *
 * @author migration-starter
 */
@ConfigurationProperties("migration")
public class MigrationProperties {

	private static final Duration LONGEST_DURATION = Duration.ofDays(365);

	private static final Duration LONGEST_SESSION_TIMEOUT = Duration.ofDays(1);

	/**
	 * What this process does: run the application without migrating (normal), migrate and
	 * exit (migrate-only), print the migration status and exit (migration-status), or
	 * wait for the schema and exit (await-schema). The --migrate-only, --migration-status
	 * and --await-schema arguments select a mode as well.
	 */
	private MigrationMode mode = MigrationMode.NORMAL;

	/**
	 * Whether Liquibase migrates when the application starts, as it does without this
	 * starter. Meant for local development; never use it with more than one replica.
	 */
	private boolean migrateOnStartup;

	/**
	 * Whether a run-and-exit mode skips auto-configurations that a migration never uses
	 * (actuator, web, messaging, templating, serialisation, scheduling, JMX), to start
	 * faster.
	 */
	private boolean trimAutoConfiguration = true;

	/**
	 * Whether Liquibase is initialised on a background thread while the application
	 * starts, so that neither a normal start nor a run-and-exit mode waits for it.
	 */
	private boolean preinitialize = true;

	/**
	 * Whether --migrate-only prints the SQL it would run to standard output and applies
	 * nothing. The --dry-run argument sets it as well.
	 */
	private boolean dryRun;

	/**
	 * Whether --migrate-only first checks, reading only, that the database is up to date,
	 * and then exits 0 without taking the migration lock or running Liquibase's update.
	 * The update still runs whenever a changeset is pending or runs always, a checksum
	 * differs or is of an older algorithm, Liquibase's changelog lock is held, the
	 * changelog has preconditions of its own, or a tag, rollback file, drop-first or
	 * clear-checksums is configured.
	 */
	private boolean skipWhenUpToDate = true;

	/**
	 * File to which a run-and-exit process writes a JSON report of what it did (command,
	 * exit code, last line, and per Liquibase bean the database, the changesets applied
	 * and the lock wait), replacing the file. The directory must exist.
	 */
	private Path reportFile;

	private final Lock lock = new Lock();

	private final Readiness readiness = new Readiness();

	private final Progress progress = new Progress();

	private final Await await = new Await();

	private final Index changelogIndex = new Index();

	private final Guard guard = new Guard();

	public Path getReportFile() {
		return this.reportFile;
	}

	public void setReportFile(Path reportFile) {
		this.reportFile = reportFile;
	}

	// thrown while binding, so that the failure names the property, its value and origin
	private static Duration positive(Duration value) {
		if (value == null || value.isNegative() || value.isZero()) {
			throw new InvalidMigrationInputException(
					"must be a positive duration such as 5s, was " + ((value != null) ? format(value) : null) + ".",
					"Set a positive duration (units ms, s, m, h, d), or remove the property to use the default.");
		}
		return atMost(value);
	}

	private static Duration atLeast(Duration minimum, Duration value) {
		if (value == null || value.compareTo(minimum) < 0) {
			throw new InvalidMigrationInputException(
					"must be at least " + format(minimum) + ", was " + ((value != null) ? format(value) : null) + ".",
					"Set it to " + format(minimum) + " or more, or remove the property to use the default.");
		}
		return atMost(value);
	}

	// PostgreSQL takes at most about 24 days for lock_timeout and statement_timeout
	private static Duration zeroOrUpToOneDay(Duration value) {
		atLeast(Duration.ZERO, value);
		if (value.compareTo(LONGEST_SESSION_TIMEOUT) > 0) {
			throw new InvalidMigrationInputException(
					"must be at most " + format(LONGEST_SESSION_TIMEOUT) + ", was " + format(value) + ".",
					"Set a duration of at most " + format(LONGEST_SESSION_TIMEOUT) + ", or 0 to switch it off.");
		}
		return value;
	}

	// a longer duration would overflow the nanosecond deadlines it is added to
	private static Duration atMost(Duration value) {
		if (value.compareTo(LONGEST_DURATION) > 0) {
			throw new InvalidMigrationInputException(
					"must be at most " + format(LONGEST_DURATION) + ", was " + format(value) + ".",
					"Set a duration of at most " + format(LONGEST_DURATION) + ".");
		}
		return value;
	}

	private static String format(Duration duration) {
		long seconds = duration.getSeconds();
		if (duration.getNano() != 0) {
			return (Math.abs(seconds) < 1_000_000) ? duration.toMillis() + "ms" : duration.toString();
		}
		return (seconds != 0 && seconds % 86400 == 0) ? seconds / 86400 + "d" : seconds + "s";
	}

	public MigrationMode getMode() {
		return this.mode;
	}

	public void setMode(MigrationMode mode) {
		this.mode = mode;
	}

	public boolean isMigrateOnStartup() {
		return this.migrateOnStartup;
	}

	public void setMigrateOnStartup(boolean migrateOnStartup) {
		this.migrateOnStartup = migrateOnStartup;
	}

	public boolean isTrimAutoConfiguration() {
		return this.trimAutoConfiguration;
	}

	public void setTrimAutoConfiguration(boolean trimAutoConfiguration) {
		this.trimAutoConfiguration = trimAutoConfiguration;
	}

	public boolean isPreinitialize() {
		return this.preinitialize;
	}

	public void setPreinitialize(boolean preinitialize) {
		this.preinitialize = preinitialize;
	}

	public boolean isDryRun() {
		return this.dryRun;
	}

	public void setDryRun(boolean dryRun) {
		this.dryRun = dryRun;
	}

	public boolean isSkipWhenUpToDate() {
		return this.skipWhenUpToDate;
	}

	public void setSkipWhenUpToDate(boolean skipWhenUpToDate) {
		this.skipWhenUpToDate = skipWhenUpToDate;
	}

	public Lock getLock() {
		return this.lock;
	}

	public Progress getProgress() {
		return this.progress;
	}

	public Await getAwait() {
		return this.await;
	}

	public Guard getGuard() {
		return this.guard;
	}

	public Index getChangelogIndex() {
		return this.changelogIndex;
	}

	/**
	 * How a migration reports its progress.
	 */
	public static class Progress {

		/**
		 * How often a changeset that is still running is logged, naming it and how long
		 * it has run.
		 */
		private Duration heartbeatInterval = Duration.ofSeconds(30);

		public Duration getHeartbeatInterval() {
			return this.heartbeatInterval;
		}

		public void setHeartbeatInterval(Duration heartbeatInterval) {
			this.heartbeatInterval = positive(heartbeatInterval);
		}

	}

	/**
	 * The --await-schema mode.
	 */
	public static class Await {

		/**
		 * How long to wait for the schema before exiting with code 2 (changesets still
		 * pending) or 5 (database still unreadable).
		 */
		private Duration timeout = Duration.ofMinutes(10);

		/**
		 * How long between two reads of the changelog table.
		 */
		private Duration pollInterval = Duration.ofSeconds(2);

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = positive(timeout);
		}

		public Duration getPollInterval() {
			return this.pollInterval;
		}

		public void setPollInterval(Duration pollInterval) {
			this.pollInterval = positive(pollInterval);
		}

	}

	public Readiness getReadiness() {
		return this.readiness;
	}

	/**
	 * The readiness check that keeps the application unready while its schema is behind.
	 */
	public static class Readiness {

		/**
		 * Whether to add the 'migration' health contributor and include it in the
		 * readiness probe group.
		 */
		private boolean enabled = true;

		/**
		 * Shortest time between two reads of the changelog table while the schema is
		 * behind or the database cannot be read.
		 */
		private Duration refreshInterval = Duration.ofSeconds(5);

		/**
		 * Time between two reads of the changelog table once the schema is up to date.
		 */
		private Duration upToDateInterval = Duration.ofMinutes(5);

		/**
		 * Longest a probe waits for the first read before it answers OUT_OF_SERVICE.
		 */
		private Duration probeTimeout = Duration.ofMillis(500);

		/**
		 * Longest a status read may wait for the database (for a connection or an answer)
		 * before readiness reports it DOWN.
		 */
		private Duration readTimeout = Duration.ofSeconds(2);

		/**
		 * Whether changesets in the database that this application does not know (a newer
		 * version migrated it) make this application unready.
		 */
		private boolean failWhenAhead;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getRefreshInterval() {
			return this.refreshInterval;
		}

		public void setRefreshInterval(Duration refreshInterval) {
			this.refreshInterval = positive(refreshInterval);
		}

		public Duration getUpToDateInterval() {
			return this.upToDateInterval;
		}

		public void setUpToDateInterval(Duration upToDateInterval) {
			this.upToDateInterval = positive(upToDateInterval);
		}

		public Duration getProbeTimeout() {
			return this.probeTimeout;
		}

		public void setProbeTimeout(Duration probeTimeout) {
			this.probeTimeout = positive(probeTimeout);
		}

		public Duration getReadTimeout() {
			return this.readTimeout;
		}

		public void setReadTimeout(Duration readTimeout) {
			this.readTimeout = readTimeout;
		}

		public boolean isFailWhenAhead() {
			return this.failWhenAhead;
		}

		public void setFailWhenAhead(boolean failWhenAhead) {
			this.failWhenAhead = failWhenAhead;
		}

		ReadinessSettings toSettings() {
			return new ReadinessSettings(this.refreshInterval, this.upToDateInterval, this.probeTimeout,
					this.readTimeout, this.failWhenAhead);
		}

	}

	/**
	 * The lock that lets one migrator at a time run.
	 */
	public static class Lock {

		/**
		 * Name of the ShedLock table, optionally schema-qualified. Created on first use
		 * in the database being migrated.
		 */
		private String tableName = "migration_lock";

		/**
		 * Name of the lock row. Migrators that share it never run together.
		 */
		private String name = "liquibase-migration";

		/**
		 * How long the lock lasts unless its holder renews it, on databases without a
		 * session lock (H2 and unknown ones). A live holder renews it every half lease,
		 * so this bounds how long a killed migrator blocks the next one. PostgreSQL and
		 * MariaDB hold a session lock instead and only record the lease. At least 30
		 * seconds.
		 */
		private Duration lease = Duration.ofSeconds(60);

		/**
		 * How long a migrator waits for the lock held by another one, or for Liquibase's
		 * changelog lock held by a live Liquibase, before it exits with the lock-timeout
		 * code.
		 */
		private Duration waitTimeout = Duration.ofMinutes(10);

		/**
		 * How often a waiting migrator checks whether the holder has done its work and
		 * tries to take the lock.
		 */
		private Duration pollInterval = Duration.ofSeconds(1);

		/**
		 * How long a migrator holding a session lock (PostgreSQL, MariaDB) goes without
		 * an answer from its database before it abandons its session and exits with the
		 * database-unavailable code, even while a statement is outstanding. On PostgreSQL
		 * the session also asks the server to drop it after about as long without an
		 * answer from the migrator. At least 2 seconds.
		 */
		private Duration connectionLostTimeout = Duration.ofMinutes(1);

		public String getTableName() {
			return this.tableName;
		}

		public void setTableName(String tableName) {
			this.tableName = tableName;
		}

		public String getName() {
			return this.name;
		}

		public void setName(String name) {
			this.name = name;
		}

		public Duration getLease() {
			return this.lease;
		}

		public void setLease(Duration lease) {
			this.lease = atLeast(LockSettings.MINIMUM_LEASE, lease);
		}

		public Duration getWaitTimeout() {
			return this.waitTimeout;
		}

		public void setWaitTimeout(Duration waitTimeout) {
			this.waitTimeout = atLeast(Duration.ZERO, waitTimeout);
		}

		public Duration getPollInterval() {
			return this.pollInterval;
		}

		public void setPollInterval(Duration pollInterval) {
			this.pollInterval = positive(pollInterval);
		}

		public Duration getConnectionLostTimeout() {
			return this.connectionLostTimeout;
		}

		public void setConnectionLostTimeout(Duration connectionLostTimeout) {
			this.connectionLostTimeout = atLeast(LockSettings.MINIMUM_CONNECTION_LOST_TIMEOUT, connectionLostTimeout);
		}

		LockSettings toSettings() {
			return new LockSettings(this.tableName, this.name, this.lease, this.waitTimeout, this.pollInterval,
					this.connectionLostTimeout);
		}

	}

	/**
	 * Settings of the changelog index.
	 */
	public static class Index {

		/**
		 * Whether --migrate-only keeps the changesets of each changelog in a table of the
		 * database, for the readiness check and the status modes to look up instead of
		 * parsing the changelog when their changelog files are the same.
		 */
		private boolean enabled = true;

		/**
		 * Table of the changelog index, optionally qualified by its schema. The
		 * application's login needs SELECT on it to use it; without, it parses the
		 * changelog.
		 */
		private String tableName = "migration_changelog_index";

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getTableName() {
			return this.tableName;
		}

		public void setTableName(String tableName) {
			this.tableName = tableName;
		}

	}

	/**
	 * The zero-downtime guard of pending changesets.
	 */
	public static class Guard {

		/**
		 * What --migrate-only does with a pending changeset that would break the running
		 * version or queue its traffic behind a lock and is not acknowledged: refuse it
		 * (exit code 6, nothing applied), warn and migrate, or not check at all.
		 */
		private GuardPolicy policy = GuardPolicy.REFUSE;

		/**
		 * Changesets and migrations reviewed and acknowledged as safe enough: a Liquibase
		 * changeset as file::id::author (every rule) or file::id::author::rule-id, a
		 * Flyway migration by its script (V2__add_email.sql) or script::rule-id.
		 */
		private List<String> acknowledge = new ArrayList<>();

		/**
		 * How long one statement of a changeset may wait for a lock (a table's lock, a
		 * row's lock, MariaDB's metadata lock) before it gives up, so that the
		 * application's queries queue behind it no longer than this; 0 leaves the
		 * database's own setting. Whole seconds on MariaDB and MySQL, rounded up.
		 */
		private Duration lockTimeout = Duration.ofSeconds(5);

		/**
		 * How long after its first attempt a changeset that hit the lock timeout, with
		 * nothing of it applied, is still run again; 0 fails at the first lock timeout.
		 */
		private Duration lockRetryBudget = Duration.ofMinutes(2);

		/**
		 * How long one statement of a changeset may run (PostgreSQL statement_timeout,
		 * MariaDB max_statement_time); 0 leaves the database's own setting.
		 */
		private Duration statementTimeout = Duration.ZERO;

		public Duration getLockTimeout() {
			return this.lockTimeout;
		}

		public void setLockTimeout(Duration lockTimeout) {
			this.lockTimeout = zeroOrUpToOneDay(lockTimeout);
		}

		public Duration getLockRetryBudget() {
			return this.lockRetryBudget;
		}

		public void setLockRetryBudget(Duration lockRetryBudget) {
			this.lockRetryBudget = atLeast(Duration.ZERO, lockRetryBudget);
		}

		public Duration getStatementTimeout() {
			return this.statementTimeout;
		}

		public void setStatementTimeout(Duration statementTimeout) {
			this.statementTimeout = zeroOrUpToOneDay(statementTimeout);
		}

		public LockTimeoutSettings toLockTimeoutSettings() {
			return new LockTimeoutSettings(this.lockTimeout, this.statementTimeout, this.lockRetryBudget);
		}

		public GuardPolicy getPolicy() {
			return this.policy;
		}

		public void setPolicy(GuardPolicy policy) {
			this.policy = policy;
		}

		public List<String> getAcknowledge() {
			return this.acknowledge;
		}

		public void setAcknowledge(List<String> acknowledge) {
			try {
				Acknowledgements.of(acknowledge);
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidMigrationInputException(ex.getMessage() + ".",
						"Name a changeset as file::id::author, optionally followed by ::rule-id of a rule listed in the README.");
			}
			this.acknowledge = new ArrayList<>(acknowledge);
		}

		public Acknowledgements toAcknowledgements() {
			return Acknowledgements.of(this.acknowledge);
		}

	}

}
