package dev.migrationstarter.mode;

/**
 * What a process started from the application's jar is asked to do.
 *
 * @author migration-starter
 */
public enum MigrationMode {

	/**
	 * Run the application as usual, without running Liquibase on startup.
	 */
	NORMAL,

	/**
	 * Run the Liquibase migration under the migration lock, start nothing else, and exit.
	 */
	MIGRATE_ONLY

}
