package dev.migrationstarter.sample.process;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import dev.migrationstarter.testsupport.TestDatabase;

/**
 * Holds an H2 file database with {@code AUTO_SERVER=TRUE} open in the test JVM. The first
 * process to open such a file serves it to the others and closes it when it exits, so the
 * test JVM opens it first: processes started together then do not race to open it, and a
 * process that exits cannot close it under another one still migrating.
 *
 * @author migration-starter
 */
final class H2Host implements AutoCloseable {

	private final Connection connection;

	private H2Host(Connection connection) {
		this.connection = connection;
	}

	static H2Host open(TestDatabase database) {
		try {
			return new H2Host(database.dataSource().getConnection());
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Close the database and every session of it. The sessions of killed processes end
	 * whenever the server notices, and the last one to end would write the database's
	 * files while the test's directory is being deleted.
	 */
	@Override
	public void close() throws SQLException {
		try (Statement statement = this.connection.createStatement()) {
			statement.execute("SHUTDOWN");
		}
		finally {
			this.connection.close();
		}
	}

}
