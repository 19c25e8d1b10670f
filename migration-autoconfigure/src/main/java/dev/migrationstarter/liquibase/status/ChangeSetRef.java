package dev.migrationstarter.liquibase.status;

import dev.migrationstarter.core.ChangeRef;

/**
 * Identifies a changeset the way Liquibase records it: file, id and author.
 *
 * @param file the changeset's file as stored in the changelog table
 * @param id the changeset id
 * @param author the changeset author
 * @author migration-starter
 */
public record ChangeSetRef(String file, String id, String author) {

	/**
	 * This changeset as the engine-neutral status names it.
	 * @return the reference, as {@code file::id::author}
	 */
	public ChangeRef toChangeRef() {
		return new ChangeRef(toString());
	}

	@Override
	public String toString() {
		return this.file + "::" + this.id + "::" + this.author;
	}

}
