package dev.migrationstarter.testsupport;

import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * One empty database created for one test, with the credentials of its owner.
 *
 * @param kind the database server kind
 * @param jdbcUrl the JDBC URL of the database
 * @param username the owner's user name
 * @param password the owner's password
 * @author migration-starter
 */
public record TestDatabase(DatabaseKind kind, String jdbcUrl, String username, String password) {

	/**
	 * A non-pooling data source for the database.
	 * @return the data source
	 */
	public DataSource dataSource() {
		SimpleDriverDataSource dataSource = new SimpleDriverDataSource();
		try {
			dataSource.setDriverClass(driverClass());
		}
		catch (ClassNotFoundException ex) {
			throw new IllegalStateException(ex);
		}
		dataSource.setUrl(this.jdbcUrl);
		dataSource.setUsername(this.username);
		dataSource.setPassword(this.password);
		return dataSource;
	}

	/**
	 * A small pool for the database; close it after use.
	 * @return the pool
	 */
	public HikariDataSource pool() {
		HikariDataSource pool = new HikariDataSource();
		pool.setJdbcUrl(this.jdbcUrl);
		pool.setUsername(this.username);
		pool.setPassword(this.password);
		pool.setMaximumPoolSize(4);
		return pool;
	}

	public JdbcTemplate jdbc() {
		return new JdbcTemplate(dataSource());
	}

	/**
	 * The Spring Boot properties that point an application at this database.
	 * @return the properties
	 */
	public Map<String, String> springProperties() {
		return Map.of("spring.datasource.url", this.jdbcUrl, "spring.datasource.username", this.username,
				"spring.datasource.password", (this.password != null) ? this.password : "");
	}

	/**
	 * The ids of the changesets recorded in the default changelog table, in order.
	 * @return the ids
	 */
	public List<String> appliedChangeSetIds() {
		if (!tableExists("DATABASECHANGELOG")) {
			return List.of();
		}
		return jdbc().queryForList("SELECT ID FROM DATABASECHANGELOG ORDER BY ORDEREXECUTED", String.class);
	}

	/**
	 * Whether a table exists, by querying it.
	 * @param table the table name as SQL would name it
	 * @return whether it exists
	 */
	public boolean tableExists(String table) {
		try {
			jdbc().queryForList("SELECT 1 FROM " + table + " WHERE 1 = 0");
			return true;
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	private Class<? extends java.sql.Driver> driverClass() throws ClassNotFoundException {
		return Class.forName(this.kind.driverClassName()).asSubclass(java.sql.Driver.class);
	}

}
