package dev.migrationstarter.sample.process;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import dev.migrationstarter.testsupport.TestDatabase;

/**
 * A transaction that read a table and stays open, holding the lock that keeps DDL on the
 * table waiting, as a slow report or a forgotten {@code BEGIN} in a console would.
 *
 * @author migration-starter
 */
final class LongTransaction implements AutoCloseable {

	private final Connection connection;

	private final String sessionId;

	private LongTransaction(Connection connection, String sessionId) {
		this.connection = connection;
		this.sessionId = sessionId;
	}

	/**
	 * Open a transaction that reads the table.
	 * @param database the database
	 * @param table the table
	 * @param sessionIdQuery the query that answers the session's id
	 * @return the open transaction
	 */
	static LongTransaction reading(TestDatabase database, String table, String sessionIdQuery) {
		try {
			Connection connection = database.dataSource().getConnection();
			connection.setAutoCommit(false);
			try (Statement statement = connection.createStatement()) {
				String sessionId;
				try (ResultSet id = statement.executeQuery(sessionIdQuery)) {
					id.next();
					sessionId = id.getString(1);
				}
				statement.executeQuery("select count(*) from " + table).close();
				return new LongTransaction(connection, sessionId);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The id of the transaction's session on the server.
	 * @return the id
	 */
	String sessionId() {
		return this.sessionId;
	}

	/**
	 * End the transaction.
	 */
	void end() {
		try {
			if (!this.connection.isClosed()) {
				this.connection.rollback();
				this.connection.close();
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		end();
	}

}
