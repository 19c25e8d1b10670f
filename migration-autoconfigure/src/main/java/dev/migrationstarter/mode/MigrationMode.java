package dev.migrationstarter.mode;

import java.util.Locale;

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
	MIGRATE_ONLY,

	/**
	 * Compare the database with the changelog, print what is pending or unknown, and exit
	 * (0 when up to date or ahead, 2 when changesets are pending). Reads only.
	 */
	MIGRATION_STATUS,

	/**
	 * Wait until the database holds every changeset of the changelog, then exit 0; exit 2
	 * when it still lacks some after the await timeout. Reads only.
	 */
	AWAIT_SCHEMA;

	/**
	 * Whether a process in this mode does its one job and exits instead of running the
	 * application.
	 * @return whether this is a run-and-exit mode
	 */
	public boolean isRunAndExit() {
		return this != NORMAL;
	}

	/**
	 * The value of {@code migration.mode} that selects this mode, such as
	 * {@code migrate-only}.
	 * @return the property value
	 */
	public String value() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	/**
	 * The command line flag that selects this mode, such as {@code --migrate-only}.
	 * @return the flag, or {@code null} for {@link #NORMAL}, which has none
	 */
	public String flag() {
		return (this != NORMAL) ? "--" + value() : null;
	}

}
