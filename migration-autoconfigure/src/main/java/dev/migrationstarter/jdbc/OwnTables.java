package dev.migrationstarter.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * The tables of migration-starter's own (the migration lock, the changelog index), which
 * whichever process needs one first creates.
 *
 * <p>
 * Several processes may start together on a fresh database, and
 * {@code CREATE TABLE IF NOT EXISTS} is neither portable nor race-free (PostgreSQL can
 * fail it with a duplicate key on its catalog). So the algorithm is:
 * <ol>
 * <li>Query the table; if that works, it exists.</li>
 * <li>Otherwise create it with plain {@code CREATE TABLE}.</li>
 * <li>If creating fails, query it again: another process won the race when that works;
 * otherwise the creation error is the real cause.</li>
 * </ol>
 *
 * @author migration-starter
 */
public final class OwnTables {

	private OwnTables() {
	}

	/**
	 * Create a table unless it exists.
	 * @param connection a connection in auto-commit mode that may create the table
	 * @param tableName the table, optionally qualified by its schema
	 * @param column a column of the table, to query it by
	 * @param createStatement the {@code CREATE TABLE} statement
	 * @return whether this call created the table
	 * @throws SQLException if the table neither exists nor could be created
	 */
	public static boolean createIfMissing(Connection connection, String tableName, String column,
			String createStatement) throws SQLException {
		if (exists(connection, tableName, column)) {
			return false;
		}
		try (Statement statement = connection.createStatement()) {
			statement.execute(createStatement);
			return true;
		}
		catch (SQLException creationFailure) {
			if (!exists(connection, tableName, column)) {
				throw creationFailure;
			}
			return false;
		}
	}

	/**
	 * Whether the table exists and this login may read it.
	 * @param connection the connection
	 * @param tableName the table, optionally qualified by its schema
	 * @param column a column of the table, to query it by
	 * @return whether a query of the table works
	 */
	public static boolean exists(Connection connection, String tableName, String column) {
		try (Statement statement = connection.createStatement()) {
			statement.executeQuery("SELECT " + column + " FROM " + tableName + " WHERE 1 = 0").close();
			return true;
		}
		catch (SQLException ex) {
			return false;
		}
	}

	/**
	 * The database product of a connection, in lower case, to choose column types by.
	 * @param connection the connection
	 * @return the product name
	 * @throws SQLException if the database cannot tell
	 */
	public static String product(Connection connection) throws SQLException {
		return connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
	}

	/**
	 * A timestamp type with millisecond precision.
	 * @param product the database product, as {@link #product(Connection)} gives it
	 * @return the column type
	 */
	public static String timestampType(String product) {
		if (product.contains("mysql") || product.contains("mariadb")) {
			return "DATETIME(3)";
		}
		return product.contains("microsoft") ? "DATETIME2" : "TIMESTAMP(3)";
	}

}
