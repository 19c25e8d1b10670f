package dev.migrationstarter.liquibase.locks;

import java.sql.Connection;
import java.sql.SQLException;

import dev.migrationstarter.guard.locks.LockRetries;
import liquibase.changelog.ChangeSet.ExecType;
import liquibase.changelog.ChangeSet.RunStatus;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.changelog.visitor.AbstractChangeExecListener;
import liquibase.database.Database;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.UnexpectedLiquibaseException;

/**
 * Sets the timeouts on the migration session before each changeset and follows each
 * attempt of a changeset: when it started, whether it ran in a transaction, and how many
 * statements that may have changed something completed before it failed.
 *
 * @author migration-starter
 */
final class ChangeSetAttempts extends AbstractChangeExecListener {

	private final LockRetries retries;

	private volatile Started running;

	private volatile Failed failed;

	/**
	 * Follow the attempts.
	 * @param retries sets the timeouts, counts the writes and reads the blockers
	 */
	ChangeSetAttempts(LockRetries retries) {
		this.retries = retries;
	}

	@Override
	public void willRun(ChangeSet changeSet, DatabaseChangeLog databaseChangeLog, Database database,
			RunStatus runStatus) {
		setTimeouts(database);
		this.failed = null;
		this.running = new Started(changeSet.toString(false), changeSet.isRunInTransaction(), System.nanoTime());
		this.retries.changeStarting();
	}

	@Override
	public void ran(ChangeSet changeSet, DatabaseChangeLog databaseChangeLog, Database database, ExecType execType) {
		this.retries.changeEnded();
		Started started = this.running;
		this.running = null;
		if (started != null) {
			this.retries.applied(started.changeSet(), started.at());
		}
	}

	@Override
	public void runFailed(ChangeSet changeSet, DatabaseChangeLog databaseChangeLog, Database database,
			Exception exception) {
		int writes = this.retries.changeEnded();
		Started started = this.running;
		this.running = null;
		if (started != null) {
			this.failed = new Failed(started, writes);
		}
	}

	/**
	 * The changeset attempt that failed last, if the last attempt failed in a changeset.
	 * @return the attempt, or {@code null}
	 */
	Failed failed() {
		return this.failed;
	}

	void forgetFailure() {
		this.failed = null;
	}

	private void setTimeouts(Database database) {
		Connection connection = ((JdbcConnection) database.getConnection()).getUnderlyingConnection();
		try {
			// Liquibase rolls back before a changeset's changes, which would undo a SET
			this.retries.setTimeouts(connection, true);
		}
		catch (SQLException ex) {
			throw new UnexpectedLiquibaseException("Could not set the lock timeout on the migration session", ex);
		}
	}

	/**
	 * An attempt of a changeset that began.
	 *
	 * @param changeSet the changeset, as file::id::author
	 * @param inTransaction whether it runs in one transaction
	 * @param at when it began, in {@link System#nanoTime()}
	 */
	record Started(String changeSet, boolean inTransaction, long at) {
	}

	/**
	 * An attempt of a changeset that failed.
	 *
	 * @param started the attempt
	 * @param writes the statements that completed and may have changed something
	 */
	record Failed(Started started, int writes) {

		/**
		 * Whether nothing of the changeset remains applied: its transaction was rolled
		 * back, or no statement of it had changed anything.
		 * @param transactionalDdl whether the database rolls DDL back with the
		 * transaction
		 * @return whether it is safe to run again
		 */
		boolean appliedNothing(boolean transactionalDdl) {
			return (transactionalDdl && this.started.inTransaction()) || this.writes == 0;
		}

	}

}
