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
	LIQUIBASE("Liquibase", "liquibase", "changeset", "liquibase.integration.spring.SpringLiquibase",
			"spring.liquibase.change-log", "classpath:db/changelog/db.changelog-master.yaml"),

	/**
	 * Flyway, migrating versioned and repeatable migrations.
	 */
	FLYWAY("Flyway", "flyway", "migration", "org.flywaydb.core.Flyway", "spring.flyway.locations",
			"classpath:db/migration");

	private final String displayName;

	private final String tag;

	private final String changeNoun;

	private final String beanClassName;

	private final String sourceProperty;

	private final String defaultSource;

	MigrationEngine(String displayName, String tag, String changeNoun, String beanClassName, String sourceProperty,
			String defaultSource) {
		this.displayName = displayName;
		this.tag = tag;
		this.changeNoun = changeNoun;
		this.beanClassName = beanClassName;
		this.sourceProperty = sourceProperty;
		this.defaultSource = defaultSource;
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

	/**
	 * The class of the engine's beans, named so that it need not be on the class path.
	 * @return the class name, such as
	 * {@code liquibase.integration.spring.SpringLiquibase}
	 */
	public String beanClassName() {
		return this.beanClassName;
	}

	/**
	 * The Spring Boot property that names where the engine's migrations are.
	 * @return the property, such as {@code spring.liquibase.change-log}
	 */
	public String sourceProperty() {
		return this.sourceProperty;
	}

	/**
	 * Where Spring Boot looks for the engine's migrations when the property is not set.
	 * @return the location, such as {@code classpath:db/migration}
	 */
	public String defaultSource() {
		return this.defaultSource;
	}

}
