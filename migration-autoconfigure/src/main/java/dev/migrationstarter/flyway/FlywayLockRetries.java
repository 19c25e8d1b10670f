package dev.migrationstarter.flyway;

import java.sql.SQLException;

import javax.sql.DataSource;

import dev.migrationstarter.core.Durations;
import dev.migrationstarter.core.MigrationException;
import dev.migrationstarter.core.MigrationExitCode;
import dev.migrationstarter.core.MigrationFailures;
import dev.migrationstarter.guard.locks.LockRetries;
import dev.migrationstarter.guard.locks.LockTimeoutFailure;
import dev.migrationstarter.jdbc.DatabaseDialect;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.internal.exception.FlywayMigrateException;

/**
 * The migration of one {@code Flyway} bean under lock timeouts: sets them on the
 * migration session before each migration, and runs Flyway's migrate again (Flyway
 * resumes at the migration that failed) after a migration hit the lock timeout and Flyway
 * rolled it back with its history row.
 *
 * <p>
 * Flyway rolls a failed migration back only on PostgreSQL and only when it ran in a
 * transaction; a migration it ran outside one ({@code executeInTransaction=false}, and
 * every migration on MariaDB and MySQL, which commit each DDL statement) is recorded as
 * failed in the schema history, so its next migrate would refuse to start: such a
 * migration is not run again.
 *
 * @author migration-starter
 */
final class FlywayLockRetries extends EachMigrationCallback implements AutoCloseable {

	private final LockRetries retries;

	private volatile Started running;

	private volatile Failed failed;

	FlywayLockRetries(LockRetries retries) {
		this.retries = retries;
	}

	DataSource dataSource() {
		return this.retries.dataSource();
	}

	void beforeMigrations() {
		// Flyway's migrations do not name their tables: every old transaction may block
		this.retries.warnAboutOldTransactions(null);
	}

	/**
	 * Run Flyway's migrate, again after a lock timeout where Flyway rolled the migration
	 * back.
	 * @param migrate one attempt
	 * @param historyTable the schema history table, for the next step
	 */
	void run(Runnable migrate, String historyTable) {
		while (true) {
			try {
				migrate.run();
				return;
			}
			catch (RuntimeException ex) {
				Failed last = this.failed;
				this.failed = null;
				if (last == null || !this.retries.settings().lockTimeoutEnabled()
						|| LockTimeoutFailure.find(ex) == null) {
					throw ex;
				}
				FlywayMigrateException migrateFailure = MigrationFailures.find(ex, FlywayMigrateException.class);
				boolean inTransaction = migrateFailure != null && migrateFailure.isExecutableInTransaction();
				if (!rollsBack(this.retries.dialect()) || !inTransaction) {
					throw notRetried(last, historyTable, ex);
				}
				this.retries.pauseBeforeRetry(last.started().migration(), last.started().at(), ex);
			}
		}
	}

	/**
	 * Whether Flyway rolls back a failed migration it ran in a transaction on the given
	 * database, so that it can run again.
	 * @param dialect the database
	 * @return whether a transactional migration is rolled back
	 */
	static boolean rollsBack(DatabaseDialect dialect) {
		return dialect == DatabaseDialect.POSTGRESQL;
	}

	@Override
	void afterMigration(Context context) {
		this.retries.changeEnded();
		Started started = this.running;
		this.running = null;
		if (started != null) {
			this.retries.applied(started.migration(), started.at());
		}
	}

	@Override
	void afterFailedMigration(Context context) {
		int writes = this.retries.changeEnded();
		Started started = this.running;
		this.running = null;
		if (started != null) {
			this.failed = new Failed(started, writes);
		}
	}

	@Override
	void beforeMigration(Context context) {
		try {
			// before each migration, as a migration may have changed them; not committed:
			// a SET undone with a rolled back migration is set again before its retry
			this.retries.setTimeouts(context.getConnection(), false);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not set the lock timeout on the migration session", ex);
		}
		this.failed = null;
		this.running = new Started(FlywayScripts.name(context.getMigrationInfo()), System.nanoTime());
		this.retries.changeStarting();
	}

	private MigrationException notRetried(Failed failed, String historyTable, Exception failure) {
		String migration = failed.started().migration();
		boolean mariaDb = this.retries.dialect() == DatabaseDialect.MARIADB;
		String why = mariaDb ? "MariaDB and MySQL commit each DDL statement, so Flyway does not roll a migration back"
				: "it runs outside a transaction (executeInTransaction=false)";
		String applied = (failed.writes() == 0) ? "none of its statements had completed, so nothing of it was applied"
				: failed.writes() + " of its statements had completed and stay applied";
		return new MigrationException(MigrationExitCode.MIGRATION_FAILED,
				"Migration " + migration + " hit the lock timeout ("
						+ Durations.format(this.retries.settings().lockTimeout()) + ") and is not run again (" + why
						+ "): Flyway recorded it as failed (success = false) in " + historyTable + "; " + applied
						+ "; blocked by " + this.retries.blockedBy(),
				((failed.writes() == 0) ? "" : "complete or undo its applied statements by hand, ")
						+ "end the blocking transaction named above or let it finish, run Flyway repair (it deletes"
						+ " the failed row) and run --migrate-only again (migrations before it stay applied)",
				failure);
	}

	@Override
	public String getCallbackName() {
		return "migration-starter lock timeouts";
	}

	@Override
	public void close() {
		this.retries.close();
	}

	/**
	 * An attempt of a migration that began.
	 *
	 * @param migration the migration, by its script
	 * @param at when it began, in {@link System#nanoTime()}
	 */
	private record Started(String migration, long at) {
	}

	/**
	 * An attempt of a migration that failed.
	 *
	 * @param started the attempt
	 * @param writes the statements that completed and may have changed something
	 */
	private record Failed(Started started, int writes) {
	}

}
