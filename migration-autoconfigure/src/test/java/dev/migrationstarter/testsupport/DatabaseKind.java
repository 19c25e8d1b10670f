package dev.migrationstarter.testsupport;

/**
 * The database servers the tests run against.
 *
 * @author migration-starter
 */
public enum DatabaseKind {

	H2("org.h2.Driver"),

	POSTGRESQL("org.postgresql.Driver"),

	MARIADB("org.mariadb.jdbc.Driver");

	private final String driverClassName;

	DatabaseKind(String driverClassName) {
		this.driverClassName = driverClassName;
	}

	public String driverClassName() {
		return this.driverClassName;
	}

}
