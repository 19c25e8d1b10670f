package dev.migrationstarter.core;

import java.time.Instant;
import java.util.List;

/**
 * How a database's schema compares with the migrations built into the application.
 *
 * @param pending the migrations that the database lacks, in the order they would run
 * @param applied the number of the application's migrations that the database holds
 * @param unknownChanges the migrations the database holds that the application does not
 * know: the database is ahead of this application
 * @param checkedAt when the database was read
 * @author migration-starter
 */
public record MigrationStatus(List<ChangeRef> pending, int applied, List<ChangeRef> unknownChanges, Instant checkedAt) {

	public MigrationStatus {
		pending = List.copyOf(pending);
		unknownChanges = List.copyOf(unknownChanges);
	}

	/**
	 * Whether no migration of the application is missing from the database (it may be
	 * ahead).
	 * @return whether the schema is up to date or ahead
	 */
	public boolean isUpToDate() {
		return this.pending.isEmpty();
	}

	/**
	 * The number of migrations the database holds that the application does not know.
	 * @return the number of unknown migrations
	 */
	public int unknown() {
		return this.unknownChanges.size();
	}

	/**
	 * Whether the database holds migrations that this application does not know.
	 * @return whether the database is ahead
	 */
	public boolean isAhead() {
		return !this.unknownChanges.isEmpty();
	}

}
