package dev.migrationstarter.core;

/**
 * The documented exit codes of the run-and-exit processes ({@code --migrate-only},
 * {@code --migration-status}, {@code --await-schema}).
 *
 * @author migration-starter
 */
public enum MigrationExitCode {

	/**
	 * Every changeset is applied, including when there was nothing to do.
	 */
	SUCCESS(0),

	/**
	 * A changeset failed, or the migration failed for a reason not listed below.
	 */
	MIGRATION_FAILED(1),

	/**
	 * Changesets are pending: {@code --migration-status} found some, or
	 * {@code --await-schema} still found some at its timeout.
	 */
	CHANGES_PENDING(2),

	/**
	 * Another migrator held the migration lock for longer than the wait timeout.
	 */
	LOCK_TIMEOUT(3),

	/**
	 * The changelog is missing, cannot be parsed, or an applied changeset was edited.
	 */
	CHANGELOG_INVALID(4),

	/**
	 * The database could not be reached or refused the login, the connection was lost, or
	 * the migration connection cannot keep a database session of its own (it goes through
	 * a pooler in transaction or statement mode).
	 */
	DATABASE_UNAVAILABLE(5),

	/**
	 * A pending changeset would break the running version or queue its traffic behind a
	 * lock, and nobody acknowledged it: nothing was applied.
	 */
	UNSAFE_CHANGE(6),

	/**
	 * The migrator's lease on the migration lock ran out or was taken over (databases
	 * without a session lock): it stopped before its next changeset.
	 */
	LOCK_LOST(7);

	private final int code;

	MigrationExitCode(int code) {
		this.code = code;
	}

	/**
	 * The process exit status.
	 * @return the status
	 */
	public int code() {
		return this.code;
	}

}
