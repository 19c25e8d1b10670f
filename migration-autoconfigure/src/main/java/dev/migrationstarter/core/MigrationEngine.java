package dev.migrationstarter.core;

/**
 * A migration engine that the starter runs.
 *
 * @author migration-starter
 */
public enum MigrationEngine {

	/**
	 * Liquibase, migrating changesets of a changelog.
	 */
	LIQUIBASE("Liquibase", "liquibase", "changeset"),

	/**
	 * Flyway, migrating versioned and repeatable migrations.
	 */
	FLYWAY("Flyway", "flyway", "migration");

	private final String displayName;

	private final String tag;

	private final String changeNoun;

	MigrationEngine(String displayName, String tag, String changeNoun) {
		this.displayName = displayName;
		this.tag = tag;
		this.changeNoun = changeNoun;
	}

	/**
	 * The engine's name as logs write it.
	 * @return the name, such as {@code Liquibase}
	 */
	public String displayName() {
		return this.displayName;
	}

	/**
	 * The value of the {@code engine} tag of the meters.
	 * @return the tag value, such as {@code liquibase}
	 */
	public String tag() {
		return this.tag;
	}

	/**
	 * What the engine calls one unit of change, for log lines.
	 * @return {@code changeset} or {@code migration}
	 */
	public String changeNoun() {
		return this.changeNoun;
	}

}
