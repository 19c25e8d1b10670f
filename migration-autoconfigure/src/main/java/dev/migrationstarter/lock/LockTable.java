package dev.migrationstarter.lock;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import dev.migrationstarter.jdbc.DatabaseDialect;
import dev.migrationstarter.jdbc.OwnTables;
import dev.migrationstarter.jdbc.Redaction;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.dao.DataAccessResourceFailureException;

/**
 * Creates the ShedLock table on first use, race-free as {@link OwnTables} does.
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
			if (OwnTables.createIfMissing(connection, tableName, createStatement(connection, tableName))) {
				logger.info("Created migration lock table " + tableName);
			}
		}
		catch (SQLException ex) {
			throw new DataAccessResourceFailureException(
					"Could not create migration lock table " + tableName + ": " + Redaction.text(ex.getMessage()), ex);
		}
	}

	private static String createStatement(Connection connection, String tableName) throws SQLException {
		DatabaseDialect dialect = DatabaseDialect.of(connection);
		String timestamp = dialect.timestampType();
		String text = dialect.varcharType();
		return "CREATE TABLE " + tableName + " (name " + text + "(64) NOT NULL, lock_until " + timestamp
				+ " NOT NULL, locked_at " + timestamp + " NOT NULL, locked_by " + text
				+ "(255) NOT NULL, PRIMARY KEY (name))";
	}

}
