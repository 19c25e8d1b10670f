package dev.migrationstarter.testsupport;

import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A database server that hands out a fresh, empty database per test.
 *
 * <p>
 * Servers are found in this order: a JDBC URL from the environment
 * ({@code MIGRATION_TEST_POSTGRES_URL}, {@code MIGRATION_TEST_MARIADB_URL}, with
 * {@code _USER} and {@code _PASSWORD} beside them), then Testcontainers when a Docker
 * engine answers, then, for PostgreSQL only, an embedded PostgreSQL. A server that cannot
 * be found skips the test with its reason, or fails it when
 * {@code MIGRATION_TEST_REQUIRE_DATABASES=true} (as CI sets it).
 *
 * @author migration-starter
 */
public final class DatabaseServer {

	private static final Pattern DATABASE_IN_URL = Pattern.compile("^(jdbc:[a-z]+://[^/]+/)([^?;]*)(.*)$");

	private final DatabaseKind kind;

	private final String adminUrl;

	private final String adminUser;

	private final String adminPassword;

	private final String origin;

	DatabaseServer(DatabaseKind kind, String adminUrl, String adminUser, String adminPassword, String origin) {
		this.kind = kind;
		this.adminUrl = adminUrl;
		this.adminUser = adminUser;
		this.adminPassword = adminPassword;
		this.origin = origin;
	}

	/**
	 * The PostgreSQL server for this test run.
	 * @return the server
	 */
	public static DatabaseServer postgres() {
		return available(DatabaseServers.POSTGRES.get());
	}

	/**
	 * The MariaDB server for this test run.
	 * @return the server
	 */
	public static DatabaseServer mariadb() {
		return available(DatabaseServers.MARIADB.get());
	}

	/**
	 * An in-memory H2 "server".
	 * @return the server
	 */
	public static DatabaseServer h2() {
		return new DatabaseServer(DatabaseKind.H2, null, "sa", "", "in-memory");
	}

	/**
	 * The server of the given kind.
	 * @param kind the kind
	 * @return the server
	 */
	public static DatabaseServer of(DatabaseKind kind) {
		return switch (kind) {
			case H2 -> h2();
			case POSTGRESQL -> postgres();
			case MARIADB -> mariadb();
		};
	}

	private static DatabaseServer available(DatabaseServers.Resolution resolution) {
		if (resolution.server() != null) {
			return resolution.server();
		}
		if (Boolean.parseBoolean(System.getenv("MIGRATION_TEST_REQUIRE_DATABASES"))) {
			Assertions.fail("Database required but not available: " + resolution.reason());
		}
		Assumptions.abort(resolution.reason());
		throw new IllegalStateException("unreachable");
	}

	public DatabaseKind kind() {
		return this.kind;
	}

	public String origin() {
		return this.origin;
	}

	/**
	 * Create a fresh, empty database owned by the admin user.
	 * @return the database
	 */
	public TestDatabase createDatabase() {
		String name = "mt_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()).substring(0, 12);
		if (this.kind == DatabaseKind.H2) {
			return new TestDatabase(this.kind, "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", this.adminUser,
					this.adminPassword);
		}
		admin().execute("CREATE DATABASE " + name);
		TestDatabase database = new TestDatabase(this.kind, urlOf(name), this.adminUser, this.adminPassword);
		CreatedDatabases.dropAtExit(this, database);
		return database;
	}

	/**
	 * Drop a database that {@link #createDatabase()} created, with every session still
	 * connected to it.
	 * @param database the database
	 */
	public void dropDatabase(TestDatabase database) {
		switch (this.kind) {
			case POSTGRESQL -> admin().execute("DROP DATABASE IF EXISTS " + databaseName(database) + " WITH (FORCE)");
			case MARIADB -> admin().execute("DROP DATABASE IF EXISTS " + databaseName(database));
			case H2 -> database.jdbc().execute("DROP ALL OBJECTS");
		}
	}

	/**
	 * Run a statement as the server's administrator, for logins and databases beside the
	 * test's own.
	 * @param sql the statement
	 */
	public void executeAsAdmin(String sql) {
		admin().execute(sql);
	}

	/**
	 * Create a login that may read and write the rows of the database's tables but may
	 * not create, alter or drop anything.
	 * @param database the database
	 * @param user the user name
	 * @param password the password
	 * @return the database as that login sees it
	 */
	public TestDatabase createRuntimeLogin(TestDatabase database, String user, String password) {
		switch (this.kind) {
			case POSTGRESQL -> {
				admin().execute("DROP ROLE IF EXISTS " + user);
				admin().execute("CREATE ROLE " + user + " LOGIN PASSWORD '" + password + "'");
				JdbcTemplate owner = database.jdbc();
				owner.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
				owner.execute(
						"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO "
								+ user);
			}
			case MARIADB -> {
				admin().execute("DROP USER IF EXISTS '" + user + "'@'%'");
				admin().execute("CREATE USER '" + user + "'@'%' IDENTIFIED BY '" + password + "'");
				admin().execute("GRANT SELECT, INSERT, UPDATE, DELETE ON " + databaseName(database) + ".* TO '" + user
						+ "'@'%'");
			}
			case H2 -> throw new UnsupportedOperationException("H2 tests use the owner only");
		}
		return new TestDatabase(this.kind, database.jdbcUrl(), user, password);
	}

	/**
	 * Create a login that owns the database's schema and may change it.
	 * @param database the database
	 * @param user the user name
	 * @param password the password
	 * @return the database as that login sees it
	 */
	public TestDatabase createSchemaOwnerLogin(TestDatabase database, String user, String password) {
		switch (this.kind) {
			case POSTGRESQL -> {
				admin().execute("DROP ROLE IF EXISTS " + user);
				admin().execute("CREATE ROLE " + user + " LOGIN PASSWORD '" + password + "'");
				admin().execute("ALTER DATABASE " + databaseName(database) + " OWNER TO " + user);
				database.jdbc().execute("ALTER SCHEMA public OWNER TO " + user);
			}
			case MARIADB -> {
				admin().execute("DROP USER IF EXISTS '" + user + "'@'%'");
				admin().execute("CREATE USER '" + user + "'@'%' IDENTIFIED BY '" + password + "'");
				admin().execute("GRANT ALL PRIVILEGES ON " + databaseName(database) + ".* TO '" + user + "'@'%'");
			}
			case H2 -> throw new UnsupportedOperationException("H2 tests use the owner only");
		}
		return new TestDatabase(this.kind, database.jdbcUrl(), user, password);
	}

	/**
	 * A URL for the database on a port where nothing listens.
	 * @return the URL
	 */
	public String closedPortUrl() {
		return switch (this.kind) {
			case POSTGRESQL -> "jdbc:postgresql://127.0.0.1:1/closed";
			case MARIADB -> "jdbc:mariadb://127.0.0.1:1/closed";
			case H2 -> throw new UnsupportedOperationException("H2 has no port");
		};
	}

	private String urlOf(String database) {
		Matcher matcher = DATABASE_IN_URL.matcher(this.adminUrl);
		if (!matcher.matches()) {
			throw new IllegalStateException("Cannot place a database name into " + this.adminUrl);
		}
		return matcher.group(1) + database + matcher.group(3);
	}

	private static String databaseName(TestDatabase database) {
		Matcher matcher = DATABASE_IN_URL.matcher(database.jdbcUrl());
		return matcher.matches() ? matcher.group(2) : "";
	}

	private JdbcTemplate admin() {
		return new TestDatabase(this.kind, this.adminUrl, this.adminUser, this.adminPassword).jdbc();
	}

	@Override
	public String toString() {
		return this.kind.name().toLowerCase(Locale.ROOT) + " (" + this.origin + ")";
	}

}
