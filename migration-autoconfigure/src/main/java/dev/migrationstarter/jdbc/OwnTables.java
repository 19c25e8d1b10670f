package dev.migrationstarter.jdbc;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The tables of migration-starter's own (the migration lock, the changelog index), which
 * whichever process needs one first creates.
 *
 * <p>
 * Several processes may start together on a fresh database, and
 * {@code CREATE TABLE IF NOT EXISTS} is neither portable nor race-free (PostgreSQL can
 * fail it with a duplicate key on its catalog). So the algorithm is:
 * <ol>
 * <li>Look the table up in the database's metadata and, when it is there, query it (H2
 * lists a table that another session is still creating); if that works, it exists.</li>
 * <li>Otherwise create it with plain {@code CREATE TABLE}.</li>
 * <li>If creating fails, look it up and query it again: another process won the race when
 * that works; otherwise the creation error is the real cause.</li>
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
	 * @param createStatement the {@code CREATE TABLE} statement
	 * @return whether this call created the table
	 * @throws SQLException if the table neither exists nor could be created
	 */
	public static boolean createIfMissing(Connection connection, String tableName, String createStatement)
			throws SQLException {
		if (usable(connection, tableName)) {
			return false;
		}
		try (Statement statement = connection.createStatement()) {
			statement.execute(createStatement);
			return true;
		}
		catch (SQLException creationFailure) {
			if (!usable(connection, tableName)) {
				throw creationFailure;
			}
			return false;
		}
	}

	// only a table the metadata lists is queried, so a missing one costs no failing query
	private static boolean usable(Connection connection, String tableName) throws SQLException {
		if (!exists(connection, tableName)) {
			return false;
		}
		try (Statement statement = connection.createStatement()) {
			statement.executeQuery("SELECT 1 FROM " + tableName + " WHERE 1 = 0").close();
			return true;
		}
		catch (SQLException ex) {
			return false;
		}
	}

	/**
	 * Whether the table exists, looked up in the database's metadata rather than by a
	 * query that fails (which some drivers log as a warning). The name matches as written
	 * and in upper and lower case, since databases store unquoted names differently.
	 * @param connection the connection
	 * @param tableName the table, optionally qualified by its schema
	 * @return whether the table exists
	 * @throws SQLException if the metadata cannot be read
	 */
	public static boolean exists(Connection connection, String tableName) throws SQLException {
		int dot = tableName.indexOf('.');
		String schema = (dot >= 0) ? tableName.substring(0, dot) : null;
		String table = tableName.substring(dot + 1);
		DatabaseMetaData metaData = connection.getMetaData();
		for (String name : caseVariants(table)) {
			if (schema == null) {
				if (hasTable(metaData, connection.getCatalog(), connection.getSchema(), name)) {
					return true;
				}
				continue;
			}
			for (String schemaName : caseVariants(schema)) {
				// MySQL and MariaDB treat a database as a catalog, not a schema
				if (hasTable(metaData, connection.getCatalog(), schemaName, name)
						|| hasTable(metaData, schemaName, null, name)) {
					return true;
				}
			}
		}
		return false;
	}

	private static boolean hasTable(DatabaseMetaData metaData, String catalog, String schema, String table)
			throws SQLException {
		String escape = metaData.getSearchStringEscape();
		try (ResultSet tables = metaData.getTables(catalog, pattern(schema, escape), pattern(table, escape), null)) {
			while (tables.next()) {
				if (table.equals(tables.getString("TABLE_NAME"))) {
					return true;
				}
			}
			return false;
		}
	}

	// _ and % are wildcards in a metadata pattern
	private static String pattern(String name, String escape) {
		if (name == null || escape == null || escape.isEmpty()) {
			return name;
		}
		return name.replace(escape, escape + escape).replace("_", escape + "_").replace("%", escape + "%");
	}

	private static Set<String> caseVariants(String name) {
		return new LinkedHashSet<>(List.of(name, name.toUpperCase(Locale.ROOT), name.toLowerCase(Locale.ROOT)));
	}

}
