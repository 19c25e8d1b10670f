package dev.migrationstarter.status;

import java.time.Instant;
import java.util.List;

/**
 * How a database's schema compares with the changelog built into the application.
 *
 * @param pending the changesets of the changelog that the database lacks, in changelog
 * order
 * @param applied the number of changesets of the changelog that the database holds
 * @param unknownChangeSets the changesets the database holds that the changelog does not
 * know: the database is ahead of this application
 * @param checkedAt when the database was read
 * @author migration-starter
 */
public record MigrationStatus(List<ChangeSetRef> pending, int applied, List<ChangeSetRef> unknownChangeSets,
		Instant checkedAt) {

	public MigrationStatus {
		pending = List.copyOf(pending);
		unknownChangeSets = List.copyOf(unknownChangeSets);
	}

	/**
	 * Whether no changeset of the changelog is missing from the database (it may be
	 * ahead).
	 * @return whether the schema is up to date or ahead
	 */
	public boolean isUpToDate() {
		return this.pending.isEmpty();
	}

	/**
	 * The number of changesets the database holds that the changelog does not know.
	 * @return the number of unknown changesets
	 */
	public int unknown() {
		return this.unknownChangeSets.size();
	}

	/**
	 * Whether the database holds changesets that this application does not know.
	 * @return whether the database is ahead
	 */
	public boolean isAhead() {
		return !this.unknownChangeSets.isEmpty();
	}

}
