package dev.migrationstarter.runner;

import java.util.Locale;

import liquibase.changelog.ChangeSet;
import liquibase.changelog.ChangeSet.ExecType;
import liquibase.changelog.ChangeSet.RunStatus;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.changelog.visitor.AbstractChangeExecListener;
import liquibase.database.Database;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Logs one line per changeset as Liquibase applies it, and remembers the changeset that
 * failed.
 *
 * @author migration-starter
 */
class ChangeSetProgressLogger extends AbstractChangeExecListener {

	private static final Log logger = LogFactory.getLog(ChangeSetProgressLogger.class);

	private volatile int pending;

	private volatile int started;

	private volatile int applied;

	private volatile long changeSetStartedAt;

	private volatile String failedChangeSet;

	private volatile String running;

	void expect(int pending) {
		this.pending = pending;
	}

	@Override
	public void willRun(ChangeSet changeSet, DatabaseChangeLog databaseChangeLog, Database database,
			RunStatus runStatus) {
		this.started++;
		this.changeSetStartedAt = System.nanoTime();
		this.running = changeSet.toString(false);
	}

	@Override
	public void ran(ChangeSet changeSet, DatabaseChangeLog databaseChangeLog, Database database, ExecType execType) {
		this.running = null;
		if (execType == ExecType.SKIPPED) {
			return;
		}
		this.applied++;
		double seconds = (System.nanoTime() - this.changeSetStartedAt) / 1_000_000_000.0;
		String outcome = (execType == ExecType.MARK_RAN) ? "marked as ran" : "applied";
		logger.info(String.format(Locale.ROOT, "[%d/%d] %s %s in %.1f s", this.started,
				Math.max(this.pending, this.started), changeSet.toString(false), outcome, seconds));
	}

	@Override
	public void runFailed(ChangeSet changeSet, DatabaseChangeLog databaseChangeLog, Database database,
			Exception exception) {
		this.running = null;
		this.failedChangeSet = changeSet.toString(false);
	}

	/**
	 * Log that the changeset being applied is still running, if there is one; called at
	 * the heartbeat interval so that a long changeset is never mistaken for a hung one.
	 */
	void heartbeat() {
		String changeSet = this.running;
		if (changeSet != null) {
			long seconds = (System.nanoTime() - this.changeSetStartedAt) / 1_000_000_000L;
			logger.info(String.format(Locale.ROOT, "[%d/%d] %s still running after %s", this.started,
					Math.max(this.pending, this.started), changeSet, elapsed(seconds)));
		}
	}

	private static String elapsed(long seconds) {
		return (seconds < 60) ? seconds + " s" : (seconds / 60) + " min " + (seconds % 60) + " s";
	}

	int applied() {
		return this.applied;
	}

	String failedChangeSet() {
		return this.failedChangeSet;
	}

}
