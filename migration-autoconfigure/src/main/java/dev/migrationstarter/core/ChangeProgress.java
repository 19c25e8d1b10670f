package dev.migrationstarter.core;

/**
 * Told about each migration of a {@link MigrationTarget} as it runs: logs the progress,
 * keeps the count for the report and checks, before each migration, that the migration
 * lock is still held.
 *
 * @author migration-starter
 */
public interface ChangeProgress {

	/**
	 * Called once, before the first migration runs.
	 * @param pending how many migrations will run
	 */
	void expect(int pending);

	/**
	 * Called before a migration runs.
	 * @param change the migration, as its engine names it
	 * @throws dev.migrationstarter.lock.LockLostException if the lock was lost: the
	 * migration must not run
	 */
	void starting(String change);

	/**
	 * Called after a migration was applied.
	 * @param change the migration
	 */
	void applied(String change);

	/**
	 * Called when a migration failed.
	 * @param change the migration
	 */
	void failed(String change);

	/**
	 * Called after a migration was recorded as applied without running it (Liquibase's
	 * {@code MARK_RAN}).
	 * @param change the migration
	 */
	void markedRan(String change);

	/**
	 * Called when the engine skipped a migration it had announced with
	 * {@link #starting(String)}.
	 * @param change the migration
	 */
	void skipped(String change);

}
