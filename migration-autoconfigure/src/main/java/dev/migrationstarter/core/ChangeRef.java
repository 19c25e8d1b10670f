package dev.migrationstarter.core;

/**
 * Names one migration as its engine identifies it, such as {@code file::id::author} for a
 * Liquibase changeset or {@code 2 add email (V2__add_email.sql)} for a Flyway migration.
 *
 * @param id the migration's identifier, as logs and outputs print it
 * @author migration-starter
 */
public record ChangeRef(String id) {

	@Override
	public String toString() {
		return this.id;
	}

}
