package dev.migrationstarter.liquibase.locks;

import java.util.List;

import javax.sql.DataSource;

import dev.migrationstarter.core.Durations;
import dev.migrationstarter.core.MigrationException;
import dev.migrationstarter.core.MigrationExitCode;
import dev.migrationstarter.guard.locks.LockRetries;
import dev.migrationstarter.guard.locks.LockTimeoutFailure;
import dev.migrationstarter.jdbc.DatabaseDialect;
import dev.migrationstarter.liquibase.locks.ChangeSetAttempts.Failed;
import dev.migrationstarter.liquibase.locks.ChangeSetLockGuard.Attempt;
import dev.migrationstarter.liquibase.locks.ChangeSetLockGuard.GuardedUpdate;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.visitor.ChangeExecListener;
import liquibase.database.Database;
import liquibase.exception.LiquibaseException;

/**
 * The update of one bean under lock timeouts: runs Liquibase's update again, under the
 * same migration lock, after a changeset hit the lock timeout with nothing of it applied,
 * until {@link LockRetries} gives up.
 *
 * <p>
 * Running the whole update again is what makes the retry clean: the changesets before the
 * one that timed out are recorded and skipped, the one that timed out is not recorded and
 * runs from its start, and Liquibase's own bookkeeping (its changelog lock, the checks of
 * the changelog) is done afresh.
 *
 * @author migration-starter
 */
final class LockTimeoutUpdate implements GuardedUpdate {

	private final LockRetries retries;

	private final ChangeSetAttempts attempts;

	LockTimeoutUpdate(LockRetries retries) {
		this.retries = retries;
		this.attempts = new ChangeSetAttempts(retries);
	}

	@Override
	public DataSource dataSource() {
		return this.retries.dataSource();
	}

	@Override
	public ChangeExecListener listener() {
		return this.attempts;
	}

	@Override
	public void beforeChangeSets(Database database, List<ChangeSet> pending) {
		if (!pending.isEmpty()) {
			this.retries.warnAboutOldTransactions(AlteredTables.of(pending, database));
		}
	}

	@Override
	public void run(Attempt update) throws LiquibaseException {
		while (true) {
			try {
				update.run();
				return;
			}
			catch (LiquibaseException | RuntimeException ex) {
				Failed failed = this.attempts.failed();
				this.attempts.forgetFailure();
				if (failed == null || !this.retries.settings().lockTimeoutEnabled()
						|| LockTimeoutFailure.find(ex) == null) {
					throw ex;
				}
				if (!failed.appliedNothing(this.retries.dialect() == DatabaseDialect.POSTGRESQL)) {
					throw notRetried(failed.started().changeSet(), ex);
				}
				this.retries.pauseBeforeRetry(failed.started().changeSet(), failed.started().at(), ex);
			}
		}
	}

	private MigrationException notRetried(String changeSet, Exception failure) {
		String why = (this.retries.dialect() == DatabaseDialect.MARIADB) ? "MariaDB and MySQL commit each DDL statement"
				: "it runs outside a transaction (runInTransaction=false)";
		return new MigrationException(MigrationExitCode.MIGRATION_FAILED,
				"Changeset " + changeSet + " hit the lock timeout ("
						+ Durations.format(this.retries.settings().lockTimeout())
						+ ") after some of its statements were applied, so it is not run again (" + why
						+ "); blocked by " + this.retries.blockedBy(),
				"check which of its statements were applied, complete or undo them by hand, then run --migrate-only again;"
						+ " a changeset whose first statement takes the contended lock is retried safely",
				failure);
	}

	@Override
	public void close() {
		this.retries.close();
	}

}
