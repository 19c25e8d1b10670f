package dev.migrationstarter.lock;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.dao.DataAccessResourceFailureException;

/**
 * Creates the ShedLock table on first use.
 *
 * <p>
 * Several migrators may start together on a fresh database, and {@code CREATE TABLE IF
 * NOT EXISTS} is neither portable nor race-free (PostgreSQL can fail it with a duplicate
 * key on its catalog). So the algorithm is:
 * <ol>
 * <li>Query the table; if that works, it exists.</li>
 * <li>Otherwise create it with plain {@code CREATE TABLE}.</li>
 * <li>If creating fails, query it again: another migrator won the race when that works;
 * otherwise the creation error is the real cause.</li>
 * </ol>
 *
 * @author migration-starter
 */
final class LockTable {

	private static final Log logger = LogFactory.getLog(LockTable.class);

	private LockTable() {
	}

	static void createIfMissing(DataSource dataSource, String tableName) {
		try (Connection connection = dataSource.getConnection()) {
			connection.setAutoCommit(true);
			if (exists(connection, tableName)) {
				return;
			}
			try (Statement statement = connection.createStatement()) {
				statement.execute(createStatement(connection, tableName));
				logger.info("Created migration lock table " + tableName);
			}
			catch (SQLException creationFailure) {
				if (!exists(connection, tableName)) {
					throw creationFailure;
				}
			}
		}
		catch (SQLException ex) {
			throw new DataAccessResourceFailureException(
					"Could not create migration lock table " + tableName + ": " + ex.getMessage(), ex);
		}
	}

	private static boolean exists(Connection connection, String tableName) {
		try (Statement statement = connection.createStatement()) {
			statement.executeQuery("SELECT name FROM " + tableName + " WHERE 1 = 0").close();
			return true;
		}
		catch (SQLException ex) {
			return false;
		}
	}

	private static String createStatement(Connection connection, String tableName) throws SQLException {
		String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
		String timestamp = timestampType(product);
		String text = product.contains("oracle") ? "VARCHAR2" : "VARCHAR";
		return "CREATE TABLE " + tableName + " (name " + text + "(64) NOT NULL, lock_until " + timestamp
				+ " NOT NULL, locked_at " + timestamp + " NOT NULL, locked_by " + text
				+ "(255) NOT NULL, PRIMARY KEY (name))";
	}

	private static String timestampType(String product) {
		if (product.contains("mysql") || product.contains("mariadb")) {
			return "DATETIME(3)";
		}
		if (product.contains("microsoft")) {
			return "DATETIME2";
		}
		return "TIMESTAMP(3)";
	}

}
