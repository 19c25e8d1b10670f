package dev.migrationstarter.liquibase;

import java.io.Writer;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import dev.migrationstarter.core.MigrationEngine;
import dev.migrationstarter.core.MigrationException;
import dev.migrationstarter.core.MigrationFailures;
import dev.migrationstarter.core.MigrationRun;
import dev.migrationstarter.core.MigrationStatus;
import dev.migrationstarter.core.MigrationTarget;
import dev.migrationstarter.core.PendingChange;
import dev.migrationstarter.core.StatusUnavailableException;
import dev.migrationstarter.guard.ChangeSetSql;
import dev.migrationstarter.liquibase.locks.ChangeSetLockGuard.GuardedUpdate;
import dev.migrationstarter.liquibase.locks.ChangeSetLockGuard;
import dev.migrationstarter.liquibase.locks.UnguardedUpdate;
import dev.migrationstarter.liquibase.status.ChangelogStatusReader;
import dev.migrationstarter.liquibase.status.LiquibaseTables;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.visitor.DefaultChangeExecListener;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.DatabaseException;
import liquibase.exception.LiquibaseException;
import liquibase.integration.spring.SpringLiquibase;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.DirectFieldAccessor;
import org.springframework.util.StringUtils;

/**
 * A {@link SpringLiquibase} bean as a {@link MigrationTarget}.
 *
 * <p>
 * The migration is the bean's own {@code afterPropertiesSet()}, run on the data source of
 * the {@link MigrationRun} (under a session lock, the one connection that holds it), so
 * every setting that Spring Boot or the application gave the bean (contexts, labels,
 * schemas, table names, parameters, tag, rollback file, summary, customizer) applies
 * unchanged. For one run the bean is allowed to run, and a Liquibase customizer is
 * layered over the bean's own one to:
 * <ol>
 * <li>take Liquibase's {@code DATABASECHANGELOGLOCK}, releasing one left behind only when
 * its holder is provably gone ({@link LiquibaseChangelogLock});</li>
 * <li>count the pending changesets for the run's progress;</li>
 * <li>tell the run's progress about each changeset as it is applied, and bound its lock
 * waits ({@link ChangeSetLockGuard}).</li>
 * </ol>
 *
 * @author migration-starter
 */
public class LiquibaseTarget implements MigrationTarget {

	private static final Log logger = LogFactory.getLog(LiquibaseTarget.class);

	private static final Duration PREINITIALISATION_TIMEOUT = Duration.ofSeconds(30);

	private final String name;

	private final SpringLiquibase liquibase;

	private final ChangelogStatusReader reader;

	private final ChangeSetLockGuard lockGuard;

	private final LiquibasePreinitialization preinitialization;

	/**
	 * Create a target.
	 * @param name the bean name
	 * @param liquibase the bean
	 * @param reader reads the status of the bean's database, tells whether an update
	 * would change nothing, parses the pending changesets for the guard and keeps the
	 * changelog index
	 * @param lockGuard bounds the table lock waits of each changeset and retries, or
	 * {@code null} for none
	 * @param preinitialization Liquibase's initialisation in the background, awaited
	 * before Liquibase runs here
	 */
	public LiquibaseTarget(String name, SpringLiquibase liquibase, ChangelogStatusReader reader,
			ChangeSetLockGuard lockGuard, LiquibasePreinitialization preinitialization) {
		this.name = name;
		this.liquibase = liquibase;
		this.reader = reader;
		this.lockGuard = lockGuard;
		this.preinitialization = preinitialization;
	}

	/**
	 * A target that reads the status of the bean's database through the bean's own data
	 * source, without the changelog index, and migrates without lock timeouts.
	 * @param name the bean name
	 * @param liquibase the bean
	 * @return the target
	 */
	public static LiquibaseTarget of(String name, SpringLiquibase liquibase) {
		return new LiquibaseTarget(name, liquibase, new ChangelogStatusReader(liquibase, liquibase.getResourceLoader(),
				liquibase.getDataSource(), Clock.systemUTC()), null, LiquibasePreinitialization.none());
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public MigrationEngine engine() {
		return MigrationEngine.LIQUIBASE;
	}

	@Override
	public String source() {
		return "changelog " + this.liquibase.getChangeLog();
	}

	@Override
	public DataSource dataSource() {
		return this.liquibase.getDataSource();
	}

	@Override
	public String statusDatabase() {
		return this.reader.target();
	}

	@Override
	public MigrationStatus readStatus(Duration timeout, boolean validate) {
		return validate ? this.reader.readAndValidate(timeout) : this.reader.read(timeout);
	}

	/**
	 * Whether the update can be skipped: it has nothing to apply, tag, roll back, drop,
	 * clear or repair. Every setting that makes an update do something even with nothing
	 * pending sends it through the update.
	 */
	@Override
	public boolean isUpToDateForMigration() {
		return updateMayBeSkipped() && this.reader.isUpToDateForUpdate();
	}

	/**
	 * {@link #isUpToDateForMigration()} from the changelog index or an earlier parse
	 * only: while another migrator holds the lock, a parse at each poll would compete for
	 * the CPU with that migrator.
	 */
	@Override
	public boolean isUpToDateWhileWaiting() {
		return updateMayBeSkipped() && this.reader.isKnownUpToDateForUpdate();
	}

	private boolean updateMayBeSkipped() {
		return this.liquibase.getTag() == null && !this.liquibase.isDropFirst() && !this.liquibase.isClearCheckSums()
				&& !this.liquibase.isTestRollbackOnUpdate()
				&& new DirectFieldAccessor(this.liquibase).getPropertyValue("rollbackFile") == null;
	}

	/**
	 * The changesets an update would run, their SQL generated for the bean's database
	 * from the changelog that the reader parsed: Liquibase's own update is not run, so
	 * neither its changelog table nor its lock is touched. A database that no release has
	 * migrated yet has no running version to protect: it has none.
	 */
	@Override
	public List<PendingChange> pendingChanges() {
		this.preinitialization.awaitCompletion(PREINITIALISATION_TIMEOUT);
		DataSource dataSource = dataSource();
		try (Connection connection = dataSource.getConnection()) {
			if (!LiquibaseTables.changelogTableExists(this.liquibase, connection)) {
				return List.of();
			}
		}
		catch (SQLException ex) {
			throw MigrationFailures.databaseUnavailable(dataSource, ex);
		}
		try {
			return this.reader.withChangeSetsToRun((changeSets) -> {
				if (changeSets.isEmpty()) {
					return List.of();
				}
				try (Connection connection = dataSource.getConnection()) {
					Database database = databaseOf(connection);
					return changeSets.stream().map((changeSet) -> ChangeSetSql.of(changeSet, database)).toList();
				}
				catch (SQLException | DatabaseException ex) {
					throw MigrationFailures.databaseUnavailable(dataSource, ex);
				}
			});
		}
		catch (StatusUnavailableException ex) {
			throw LiquibaseFailures.statusUnavailable(this.name, ex);
		}
	}

	// the connection stays open: it is the caller's
	private Database databaseOf(Connection connection) throws DatabaseException {
		Database database = DatabaseFactory.getInstance()
			.findCorrectDatabaseImplementation(new JdbcConnection(connection));
		if (StringUtils.hasText(this.liquibase.getDefaultSchema())) {
			database.setDefaultSchemaName(this.liquibase.getDefaultSchema());
		}
		return database;
	}

	@Override
	public void migrate(MigrationRun run) throws LiquibaseException {
		this.preinitialization.awaitCompletion(PREINITIALISATION_TIMEOUT);
		DataSource ownDataSource = this.liquibase.getDataSource();
		GuardedUpdate lockGuarded = (this.lockGuard != null) ? this.lockGuard.begin(this.name, ownDataSource, run)
				: null;
		// a retried update claims Liquibase's lock again for each attempt
		List<LiquibaseChangelogLock.Claim> claims = new CopyOnWriteArrayList<>();
		try (GuardedUpdate guarded = (lockGuarded != null) ? lockGuarded : new UnguardedUpdate(run.dataSource())) {
			this.liquibase.setDataSource(guarded.dataSource());
			guarded.run(() -> UpdateSqlWriter.runOnce(this.liquibase,
					(liquibase) -> prepare(liquibase, run, guarded).ifPresent(claims::add)));
		}
		finally {
			this.liquibase.setDataSource(ownDataSource);
			if (!claims.isEmpty()) {
				releaseChangelogLock(claims.get(claims.size() - 1), run.dataSource());
			}
		}
		run.engineLockWaited(
				claims.stream().map(LiquibaseChangelogLock.Claim::waited).reduce(Duration.ZERO, Duration::plus));
	}

	private void releaseChangelogLock(LiquibaseChangelogLock.Claim claim, DataSource session) {
		try (Connection connection = session.getConnection()) {
			claim.releaseIfStillHeld(connection);
		}
		catch (SQLException ex) {
			logger.debug("Could not reach the migration session to release Liquibase's changelog lock", ex);
		}
	}

	private Optional<LiquibaseChangelogLock.Claim> prepare(Liquibase liquibase, MigrationRun run,
			GuardedUpdate guarded) {
		try {
			Optional<LiquibaseChangelogLock.Claim> claim = LiquibaseChangelogLock.claim(liquibase.getDatabase(),
					run.session());
			List<ChangeSet> unrun = liquibase.listUnrunChangeSets(new Contexts(this.liquibase.getContexts()),
					new LabelExpression(this.liquibase.getLabelFilter()));
			run.progress().expect(unrun.size());
			guarded.beforeChangeSets(liquibase.getDatabase(), unrun);
			liquibase.setChangeExecListener(
					new DefaultChangeExecListener(new ChangelogProgress(run.progress()), guarded.listener()));
			return claim;
		}
		catch (LiquibaseException ex) {
			throw new PreparationFailedException(ex);
		}
	}

	@Override
	public void writeDryRun(Writer output) {
		this.preinitialization.awaitCompletion(PREINITIALISATION_TIMEOUT);
		UpdateSqlWriter.write(this.liquibase, output);
	}

	@Override
	public MigrationException classify(Throwable failure, String failedChange) {
		if (failure instanceof StatusUnavailableException unavailable) {
			return LiquibaseFailures.statusUnavailable(this.name, unavailable);
		}
		return LiquibaseFailures.classify(failure, failedChange);
	}

	@Override
	public void afterMigration() {
		this.reader.saveIndex();
	}

	@Override
	public String toString() {
		return "Liquibase '" + this.name + "'";
	}

	/**
	 * Carries a checked Liquibase exception out of a
	 * {@link liquibase.integration.spring.Customizer}.
	 */
	static final class PreparationFailedException extends RuntimeException {

		PreparationFailedException(LiquibaseException cause) {
			super(cause.getMessage(), cause);
		}

	}

}
