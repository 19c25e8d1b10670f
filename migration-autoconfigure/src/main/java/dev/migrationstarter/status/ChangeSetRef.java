package dev.migrationstarter.status;

/**
 * Identifies a changeset the way Liquibase records it: file, id and author.
 *
 * @param file the changeset's file as stored in the changelog table
 * @param id the changeset id
 * @param author the changeset author
 * @author migration-starter
 */
public record ChangeSetRef(String file, String id, String author) {

	@Override
	public String toString() {
		return this.file + "::" + this.id + "::" + this.author;
	}

}
