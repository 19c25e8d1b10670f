package dev.migrationstarter.command;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.migrationstarter.core.ChangeProgress;
import dev.migrationstarter.core.Durations;
import dev.migrationstarter.core.MigrationTarget;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Logs where a target migrates and one line per migration as its engine applies it,
 * checks before each migration that it may run, and remembers the migration that failed.
 *
 * @author migration-starter
 */
class ChangeProgressLogger implements ChangeProgress {

	private static final Log logger = LogFactory.getLog(ChangeProgressLogger.class);

	private final MigrationTarget target;

	private volatile String database;

	private volatile int pending;

	private volatile int started;

	private volatile int applied;

	private volatile long changeStartedAt;

	private volatile String failedChange;

	private volatile String running;

	private final List<String> appliedChanges = new ArrayList<>();

	private volatile Runnable beforeEachChange = () -> {
	};

	ChangeProgressLogger(MigrationTarget target) {
		this.target = target;
	}

	/**
	 * Name the database migrated, for the line that announces the pending migrations.
	 * @param database the database, without credentials
	 */
	void migrating(String database) {
		this.database = database;
	}

	/**
	 * Run a check before each migration; a check that throws stops the migration before
	 * that change.
	 * @param check the check
	 */
	void checkBeforeEachChange(Runnable check) {
		this.beforeEachChange = check;
	}

	/**
	 * Expect the migrations an attempt will run; after an attempt that a lock timeout
	 * ended, the count goes on from the migrations already applied.
	 * @param pending the migrations still to run
	 */
	@Override
	public void expect(int pending) {
		this.pending = this.applied + pending;
		this.started = this.applied;
		logger.info("Migrating " + this.database + " with " + this.target.source() + ": "
				+ ChangeNouns.count(pending, this.target.engine()) + " pending");
	}

	@Override
	public void starting(String change) {
		try {
			this.beforeEachChange.run();
		}
		catch (RuntimeException ex) {
			this.failedChange = change;
			throw ex;
		}
		this.started++;
		this.changeStartedAt = System.nanoTime();
		this.running = change;
	}

	@Override
	public void applied(String change) {
		ran(change, "applied");
	}

	@Override
	public void markedRan(String change) {
		ran(change, "marked as ran");
	}

	private void ran(String change, String outcome) {
		this.running = null;
		this.applied++;
		synchronized (this.appliedChanges) {
			this.appliedChanges.add(change);
		}
		if (logger.isInfoEnabled()) {
			logger.info(position() + change + " " + outcome + " in " + Durations.format(elapsed()));
		}
	}

	@Override
	public void skipped(String change) {
		this.running = null;
	}

	@Override
	public void failed(String change) {
		this.running = null;
		this.failedChange = change;
	}

	/**
	 * Log that the migration being applied is still running, if there is one; called at
	 * the heartbeat interval so that a long migration is never mistaken for a hung one.
	 */
	void heartbeat() {
		String change = this.running;
		if (change != null) {
			logger.info(position() + change + " still running after " + Durations.format(elapsed()));
		}
	}

	private String position() {
		return "[" + this.started + "/" + Math.max(this.pending, this.started) + "] ";
	}

	private Duration elapsed() {
		return Duration.ofNanos(System.nanoTime() - this.changeStartedAt);
	}

	List<String> appliedChanges() {
		synchronized (this.appliedChanges) {
			return List.copyOf(this.appliedChanges);
		}
	}

	int applied() {
		return this.applied;
	}

	String failedChange() {
		return this.failedChange;
	}

}
