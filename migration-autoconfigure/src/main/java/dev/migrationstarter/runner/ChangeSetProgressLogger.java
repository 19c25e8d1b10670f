package dev.migrationstarter.runner;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.migrationstarter.core.Durations;
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

	private final List<String> appliedChangeSets = new ArrayList<>();

	private volatile Runnable beforeEachChangeSet = () -> {
	};

	/**
	 * Expect the changesets an attempt of the update will run; after an attempt that a
	 * lock timeout ended, the count goes on from the changesets already applied.
	 * @param pending the changesets still to run
	 */
	void expect(int pending) {
		this.pending = this.applied + pending;
		this.started = this.applied;
	}

	/**
	 * Run a check before each changeset; a check that throws stops the update before that
	 * changeset.
	 * @param check the check
	 */
	void checkBeforeEachChangeSet(Runnable check) {
		this.beforeEachChangeSet = check;
	}

	@Override
	public void willRun(ChangeSet changeSet, DatabaseChangeLog databaseChangeLog, Database database,
			RunStatus runStatus) {
		try {
			this.beforeEachChangeSet.run();
		}
		catch (RuntimeException ex) {
			this.failedChangeSet = changeSet.toString(false);
			throw ex;
		}
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
		String id = changeSet.toString(false);
		synchronized (this.appliedChangeSets) {
			this.appliedChangeSets.add(id);
		}
		String outcome = (execType == ExecType.MARK_RAN) ? "marked as ran" : "applied";
		logger.info(String.format(Locale.ROOT, "[%d/%d] %s %s in %s", this.started,
				Math.max(this.pending, this.started), id, outcome, Durations.format(elapsed())));
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
			logger.info(String.format(Locale.ROOT, "[%d/%d] %s still running after %s", this.started,
					Math.max(this.pending, this.started), changeSet, Durations.format(elapsed())));
		}
	}

	private Duration elapsed() {
		return Duration.ofNanos(System.nanoTime() - this.changeSetStartedAt);
	}

	List<String> appliedChangeSets() {
		synchronized (this.appliedChangeSets) {
			return List.copyOf(this.appliedChangeSets);
		}
	}

	int applied() {
		return this.applied;
	}

	String failedChangeSet() {
		return this.failedChangeSet;
	}

}
