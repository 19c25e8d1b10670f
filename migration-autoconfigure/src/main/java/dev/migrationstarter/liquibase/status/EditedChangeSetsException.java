package dev.migrationstarter.liquibase.status;

import java.util.List;

import dev.migrationstarter.core.StatusUnavailableException;

/**
 * Thrown when applied changesets were edited since they were applied, so that a Liquibase
 * update would refuse to run.
 *
 * @author migration-starter
 */
public class EditedChangeSetsException extends StatusUnavailableException {

	private final List<ChangeSetRef> changeSets;

	public EditedChangeSetsException(String changeLog, List<ChangeSetRef> changeSets) {
		super(changeSets.size() + ((changeSets.size() == 1) ? " applied changeset of " : " applied changesets of ")
				+ changeLog + " changed since applied (checksum differs): "
				+ String.join(", ", changeSets.stream().map(ChangeSetRef::toString).toList()), null, true);
		this.changeSets = List.copyOf(changeSets);
	}

	/**
	 * The edited changesets.
	 * @return the changesets, in changelog order
	 */
	public List<ChangeSetRef> getChangeSets() {
		return this.changeSets;
	}

}
