package dev.migrationstarter.liquibase.locks;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.function.BiConsumer;

import dev.migrationstarter.guard.locks.BlockerSampler;
import dev.migrationstarter.guard.locks.WriteCountingDataSource;
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

	private final List<String> timeoutStatements;

	private final WriteCountingDataSource writes;

	private final BlockerSampler sampler;

	private final BiConsumer<String, Long> applied;

	private volatile Started running;

	private volatile Failed failed;

	/**
	 * Follow the attempts.
	 * @param timeoutStatements what sets the timeouts
	 * @param writes counts the writes of the migration session
	 * @param sampler reads the blockers while a changeset runs
	 * @param applied told the changeset and the start of the attempt that applied it
	 */
	ChangeSetAttempts(List<String> timeoutStatements, WriteCountingDataSource writes, BlockerSampler sampler,
			BiConsumer<String, Long> applied) {
		this.timeoutStatements = timeoutStatements;
		this.writes = writes;
		this.sampler = sampler;
		this.applied = applied;
	}

	@Override
	public void willRun(ChangeSet changeSet, DatabaseChangeLog databaseChangeLog, Database database,
			RunStatus runStatus) {
		setTimeouts(database);
		this.writes.reset();
		this.failed = null;
		this.running = new Started(changeSet.toString(false), changeSet.isRunInTransaction(), System.nanoTime());
		this.sampler.start();
	}

	@Override
	public void ran(ChangeSet changeSet, DatabaseChangeLog databaseChangeLog, Database database, ExecType execType) {
		this.sampler.stop();
		Started started = this.running;
		this.running = null;
		if (started != null) {
			this.applied.accept(started.changeSet(), started.at());
		}
	}

	@Override
	public void runFailed(ChangeSet changeSet, DatabaseChangeLog databaseChangeLog, Database database,
			Exception exception) {
		this.sampler.stop();
		Started started = this.running;
		this.running = null;
		if (started != null) {
			this.failed = new Failed(started, this.writes.writes());
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
		if (this.timeoutStatements.isEmpty()) {
			return;
		}
		Connection connection = ((JdbcConnection) database.getConnection()).getUnderlyingConnection();
		try (Statement statement = connection.createStatement()) {
			for (String sql : this.timeoutStatements) {
				statement.execute(sql);
			}
			// Liquibase rolls back before a changeset's changes, which would undo a SET
			if (!connection.getAutoCommit()) {
				connection.commit();
			}
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
