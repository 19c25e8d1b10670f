package dev.migrationstarter.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

import javax.sql.DataSource;

/**
 * The kinds of database whose behaviour the starter tells apart, decided once from a
 * connection's metadata.
 *
 * @author migration-starter
 */
public enum DatabaseDialect {

	/**
	 * PostgreSQL: session advisory locks, {@code pg_stat_activity}.
	 */
	POSTGRESQL,

	/**
	 * MariaDB and MySQL: {@code GET_LOCK}, {@code information_schema.processlist}.
	 */
	MARIADB,

	/**
	 * Microsoft SQL Server: no session lock yet, its own column types.
	 */
	SQL_SERVER,

	/**
	 * Oracle: no session lock yet, its own column types.
	 */
	ORACLE,

	/**
	 * H2 and any other database the starter has no session lock for.
	 */
	OTHER;

	/**
	 * The dialect of a connection.
	 * @param connection the connection
	 * @return its dialect
	 * @throws SQLException if the metadata cannot be read
	 */
	public static DatabaseDialect of(Connection connection) throws SQLException {
		return ofProduct(connection.getMetaData().getDatabaseProductName());
	}

	/**
	 * The dialect of a data source, read from one connection.
	 * @param dataSource the data source
	 * @return its dialect
	 * @throws SQLException if no connection can be opened or its metadata read
	 */
	public static DatabaseDialect of(DataSource dataSource) throws SQLException {
		try (Connection connection = dataSource.getConnection()) {
			return of(connection);
		}
	}

	/**
	 * Whether a connection of the {@link #MARIADB} dialect reaches MySQL rather than
	 * MariaDB: MySQL bounds only {@code SELECT} statements in time.
	 * @param connection the connection
	 * @return whether the database is MySQL
	 * @throws SQLException if the metadata cannot be read
	 */
	public static boolean isMySql(Connection connection) throws SQLException {
		return isMySqlProduct(connection.getMetaData().getDatabaseProductName());
	}

	static boolean isMySqlProduct(String productName) {
		return ofProduct(productName) == MARIADB && !productName.toLowerCase(Locale.ROOT).contains("mariadb");
	}

	static DatabaseDialect ofProduct(String productName) {
		String product = (productName != null) ? productName.toLowerCase(Locale.ROOT) : "";
		if (product.contains("postgresql")) {
			return POSTGRESQL;
		}
		if (product.contains("mariadb") || product.contains("mysql")) {
			return MARIADB;
		}
		if (product.contains("microsoft")) {
			return SQL_SERVER;
		}
		if (product.contains("oracle")) {
			return ORACLE;
		}
		return OTHER;
	}

	/**
	 * SQL for the database's current time in UTC, as ShedLock's database-time mode writes
	 * it.
	 * @return the expression
	 */
	public String utcNow() {
		return switch (this) {
			case POSTGRESQL -> "timezone('utc', CURRENT_TIMESTAMP)";
			case MARIADB -> "UTC_TIMESTAMP(3)";
			case SQL_SERVER, ORACLE, OTHER -> "CURRENT_TIMESTAMP";
		};
	}

	/**
	 * SQL for the database's current time in UTC plus some seconds.
	 * @param seconds the seconds to add
	 * @return the expression
	 */
	public String utcNowPlusSeconds(long seconds) {
		return switch (this) {
			case POSTGRESQL -> utcNow() + " + INTERVAL '" + seconds + " seconds'";
			case MARIADB -> utcNow() + " + INTERVAL " + seconds + " SECOND";
			case ORACLE -> "CURRENT_TIMESTAMP + INTERVAL '" + seconds + "' SECOND";
			case SQL_SERVER, OTHER -> "DATEADD(SECOND, " + seconds + ", CURRENT_TIMESTAMP)";
		};
	}

	/**
	 * A timestamp column type with millisecond precision.
	 * @return the column type
	 */
	public String timestampType() {
		return switch (this) {
			case MARIADB -> "DATETIME(3)";
			case SQL_SERVER -> "DATETIME2";
			case POSTGRESQL, ORACLE, OTHER -> "TIMESTAMP(3)";
		};
	}

	/**
	 * A column type for text of any length.
	 * @return the column type
	 */
	public String longTextType() {
		return switch (this) {
			case POSTGRESQL -> "TEXT";
			case MARIADB -> "LONGTEXT";
			case SQL_SERVER -> "NVARCHAR(MAX)";
			case ORACLE, OTHER -> "CLOB";
		};
	}

	/**
	 * The column type of bounded text, to which a length is appended.
	 * @return the column type
	 */
	public String varcharType() {
		return (this == ORACLE) ? "VARCHAR2" : "VARCHAR";
	}

}
