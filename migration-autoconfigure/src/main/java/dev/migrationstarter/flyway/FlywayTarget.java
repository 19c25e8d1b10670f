package dev.migrationstarter.flyway;

import java.io.Writer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import dev.migrationstarter.core.MigrationEngine;
import dev.migrationstarter.core.MigrationException;
import dev.migrationstarter.core.MigrationRun;
import dev.migrationstarter.core.MigrationStatus;
import dev.migrationstarter.core.MigrationTarget;
import dev.migrationstarter.core.PendingChange;
import dev.migrationstarter.jdbc.Redaction;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.Location;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;

import org.springframework.util.ClassUtils;

/**
 * One {@link Flyway} bean and the database it migrates, as the engine-neutral commands
 * see it; every {@code spring.flyway.*} setting applies, since it is the bean's own
 * configuration.
 *
 * <p>
 * Under a session lock the migration runs on the one connection that holds the lock. On
 * PostgreSQL, Flyway's default transactional advisory lock needs a second connection for
 * the migrations and would commit its own lock transaction through them, so there Flyway
 * is switched to its session advisory lock on that same connection (a different key from
 * the starter's, so the two never wait for each other).
 *
 * <p>
 * The status is read through a data source of its own (see {@link FlywayTargetFactory});
 * the up-to-date check of {@code --migrate-only} reads through the data source that
 * migrates. Each read resolves every migration and reads the schema history, so the
 * pending migrations that the zero-downtime guard judges next, still before the lock, are
 * those the up-to-date check just read (taken once); the migration reads afresh under the
 * lock, once for its progress, its validation's names and the baseline decision.
 *
 * @author migration-starter
 */
public class FlywayTarget implements MigrationTarget {

	private static final String POSTGRESQL_EXTENSION = "org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension";

	private final String name;

	private final Configuration configuration;

	private final DataSource statusDataSource;

	private final FlywayStatusReader reader;

	private final OwnTablesBaseline ownTablesBaseline;

	private final FlywayLockTimeoutGuard lockGuard;

	/**
	 * The migrations the up-to-date check read before the lock, for the zero-downtime
	 * guard's look at the pending migrations right after it, through the same data source
	 * and also before the lock; taken once, and dropped once the lock is held.
	 */
	private final AtomicReference<FlywayStatusReader.Snapshot> readBeforeLock = new AtomicReference<>();

	/**
	 * Create a target that reads its status through the bean's own data source.
	 * @param name the name of the {@code Flyway} bean
	 * @param flyway the bean
	 */
	public FlywayTarget(String name, Flyway flyway) {
		this(name, flyway, null, Set.of(), Clock.systemUTC(), null);
	}

	/**
	 * Create a target.
	 * @param name the name of the {@code Flyway} bean
	 * @param flyway the bean
	 * @param statusDataSource the data source that reads the status, or {@code null} for
	 * the bean's own
	 * @param ownTables the names of migration-starter's own tables (the migration lock,
	 * the changelog index), which may stand in Flyway's schema before its first migration
	 * @param clock the clock for {@link MigrationStatus#checkedAt()}
	 * @param lockGuard bounds the table lock waits of each migration and retries, or
	 * {@code null}
	 */
	public FlywayTarget(String name, Flyway flyway, DataSource statusDataSource, Collection<String> ownTables,
			Clock clock, FlywayLockTimeoutGuard lockGuard) {
		this.name = name;
		this.configuration = flyway.getConfiguration();
		this.statusDataSource = (statusDataSource != null) ? statusDataSource : this.configuration.getDataSource();
		this.ownTablesBaseline = new OwnTablesBaseline(ownTables);
		this.reader = new FlywayStatusReader(this.configuration, clock);
		this.lockGuard = lockGuard;
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public MigrationEngine engine() {
		return MigrationEngine.FLYWAY;
	}

	@Override
	public String source() {
		return "migrations " + Arrays.stream(this.configuration.getLocations())
			.map(Location::getDescriptor)
			.collect(Collectors.joining(", "));
	}

	@Override
	public DataSource dataSource() {
		return this.configuration.getDataSource();
	}

	@Override
	public String statusDatabase() {
		return Redaction.targetOf(this.statusDataSource);
	}

	@Override
	public MigrationStatus readStatus(Duration timeout, boolean validate) {
		return this.reader.read(this.statusDataSource, timeout, validate);
	}

	@Override
	public boolean isUpToDateForMigration() {
		return this.reader.isUpToDateForMigration(dataSource(), this.readBeforeLock::set);
	}

	@Override
	public List<PendingChange> pendingChanges() {
		try {
			FlywayStatusReader.Snapshot read = this.readBeforeLock.getAndSet(null);
			FlywayStatusReader.Snapshot snapshot = (read != null) ? read : this.reader.snapshot(dataSource(), null);
			return FlywayScripts.pendingChanges(snapshot.toRun());
		}
		catch (RuntimeException ex) {
			throw classify(ex, null);
		}
	}

	@Override
	public void migrate(MigrationRun run) {
		// another migrator may have migrated while this one waited for the lock
		this.readBeforeLock.set(null);
		DataSource dataSource = run.dataSource();
		FlywayStatusReader.Snapshot snapshot = this.reader.snapshot(dataSource, null);
		// Flyway's own validation names a migration by its version only
		this.reader.validateForMigration(dataSource, snapshot);
		run.progress().expect(snapshot.toRun().size());
		FlywayLockRetries lockRetries = (this.lockGuard != null && !snapshot.toRun().isEmpty())
				? this.lockGuard.begin(this.name, this.configuration.getDataSource(), run) : null;
		try {
			List<Callback> callbacks = new ArrayList<>(Arrays.asList(this.configuration.getCallbacks()));
			callbacks.add(new ProgressCallback(run.progress()));
			if (lockRetries != null) {
				callbacks.add(lockRetries);
			}
			FluentConfiguration migrating = Flyway.configure(this.configuration.getClassLoader())
				.configuration(this.configuration)
				.dataSource((lockRetries != null) ? lockRetries.dataSource() : dataSource);
			if (this.ownTablesBaseline.applies(this.reader, dataSource, snapshot)) {
				callbacks.add(this.ownTablesBaseline.configure(migrating));
			}
			migrating.callbacks(callbacks.toArray(Callback[]::new));
			if (run.session().isPresent() && ClassUtils.isPresent(POSTGRESQL_EXTENSION, getClass().getClassLoader())) {
				PostgresLocking.onMigrationConnection(migrating);
			}
			Flyway flyway = migrating.load();
			if (lockRetries == null) {
				flyway.migrate();
				return;
			}
			lockRetries.beforeMigrations();
			lockRetries.run(flyway::migrate, this.configuration.getTable());
		}
		finally {
			if (lockRetries != null) {
				lockRetries.close();
			}
		}
	}

	@Override
	public void writeDryRun(Writer output) {
		try {
			List<MigrationInfo> pending = this.reader.snapshot(dataSource(), null).toRun();
			List<String> header = List.of(
					"Flyway '" + this.name + "': " + pending.size() + " pending migrations for "
							+ Redaction.targetOf(dataSource()),
					"Nothing was applied; the schema history table rows Flyway adds are not shown");
			FlywayScripts.writeDryRun(pending, header, output);
		}
		catch (RuntimeException ex) {
			throw classify(ex, null);
		}
	}

	@Override
	public MigrationException classify(Throwable failure, String failedChange) {
		return FlywayFailures.classify(this.name, failure, failedChange);
	}

	@Override
	public String toString() {
		return "Flyway '" + this.name + "'";
	}

	/**
	 * Switches Flyway to the session advisory lock on the migration connection; apart so
	 * that this class loads without Flyway's PostgreSQL support.
	 */
	private static final class PostgresLocking {

		static void onMigrationConnection(FluentConfiguration configuration) {
			PostgreSQLConfigurationExtension extension = configuration.getPluginRegister()
				.getExact(PostgreSQLConfigurationExtension.class);
			if (extension != null) {
				// the configuration's plugin register is a copy: the bean keeps its
				// setting
				extension.setTransactionalLock(false);
			}
		}

	}

}
