package dev.migrationstarter.lock;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import dev.migrationstarter.jdbc.DatabaseDialect;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * A session advisory lock of PostgreSQL ({@code pg_try_advisory_lock}), keyed by a hash
 * of the lock name; advisory locks belong to one database, so databases never share one.
 *
 * @author migration-starter
 */
final class PostgresSessionLock extends SessionMigrationLock {

	private static final Log logger = LogFactory.getLog(PostgresSessionLock.class);

	private static final Pattern SESSION_ID = Pattern.compile("pg-(\\d+)-(\\d+)");

	// a killed client's running statement is noticed within this interval (PostgreSQL
	// 14+)
	private static final String CLIENT_CHECK_INTERVAL = "5s";

	private static final String LOCK_NOT_AVAILABLE = "55P03";

	private static final String BACKEND_START_MILLIS = "(extract(epoch FROM backend_start) * 1000)::bigint";

	private final long key;

	PostgresSessionLock(LockSettings settings) {
		super(settings);
		this.key = key(settings.lockName());
	}

	static long key(String lockName) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256")
				.digest(("migration-starter:" + lockName).getBytes(StandardCharsets.UTF_8));
			return ByteBuffer.wrap(digest).getLong();
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	DatabaseDialect dialect() {
		return DatabaseDialect.POSTGRESQL;
	}

	/**
	 * Ask the server to notice a vanished migrator: a killed one while a statement runs
	 * (PostgreSQL 14+), and one cut off by the network within about the connection-lost
	 * timeout (TCP keepalives and a user timeout on the session's socket), so that the
	 * lock is freed for a successor after about as long as the migrator waits before it
	 * gives up on its side.
	 */
	@Override
	void verifySession(DataSource dataSource, Connection connection) throws SQLException {
		TransactionPoolingCheck.verify(dataSource, connection);
	}

	@Override
	void prepareSession(Connection connection) throws SQLException {
		long timeout = Math.max(3, settings().connectionLostTimeout().toSeconds());
		execute(connection,
				"SET tcp_keepalives_idle = " + Math.max(1, timeout / 3) + "; SET tcp_keepalives_interval = "
						+ Math.max(1, timeout / 9) + "; SET tcp_keepalives_count = 3; SET tcp_user_timeout = "
						+ timeout * 1000);
		if (connection.getMetaData().getDatabaseMajorVersion() >= 14) {
			execute(connection, "SET client_connection_check_interval = '" + CLIENT_CHECK_INTERVAL + "'");
		}
	}

	private static void execute(Connection connection, String sql) {
		try (Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			logger.debug("Could not prepare the migration session with: " + sql, ex);
		}
	}

	@Override
	boolean tryLock(Connection connection) throws SQLException {
		return queryBoolean(connection, "SELECT pg_try_advisory_lock(?)");
	}

	/**
	 * Waits in shared mode, then tries the lock: every waiter wakes the moment the holder
	 * lets go, rather than one after another as the lock passes from waiter to waiter,
	 * and each can find at once whether the holder did its work.
	 */
	@Override
	boolean awaitLock(Connection connection, Duration timeout) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute("SET lock_timeout = " + Math.max(1, timeout.toMillis()));
		}
		try (PreparedStatement statement = connection.prepareStatement("SELECT pg_advisory_lock_shared(?)")) {
			statement.setLong(1, this.key);
			statement.executeQuery().close();
		}
		catch (SQLException ex) {
			if (LOCK_NOT_AVAILABLE.equals(ex.getSQLState())) {
				return false;
			}
			throw ex;
		}
		finally {
			try (Statement statement = connection.createStatement()) {
				statement.execute("RESET lock_timeout");
			}
		}
		queryBoolean(connection, "SELECT pg_advisory_unlock_shared(?)");
		return tryLock(connection);
	}

	@Override
	void unlock(Connection connection) throws SQLException {
		queryBoolean(connection, "SELECT pg_advisory_unlock(?)");
	}

	private boolean queryBoolean(Connection connection, String sql) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setLong(1, this.key);
			try (ResultSet result = statement.executeQuery()) {
				return result.next() && result.getBoolean(1);
			}
		}
	}

	@Override
	String sessionId(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SELECT pid, " + BACKEND_START_MILLIS
						+ " FROM pg_stat_activity WHERE pid = pg_backend_pid()")) {
			result.next();
			return "pg-" + result.getLong(1) + "-" + result.getLong(2);
		}
	}

	@Override
	String describeHoldingSession(Connection connection) throws SQLException {
		try (PreparedStatement statement = connection
			.prepareStatement("SELECT a.pid, host(a.client_addr), a.application_name, a.backend_start FROM pg_locks l "
					+ "JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.granted "
					+ "AND l.mode = 'ExclusiveLock' "
					+ "AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()) "
					+ "AND l.classid::text::bigint = ? AND l.objid::text::bigint = ? AND l.objsubid = 1")) {
			statement.setLong(1, this.key >>> 32);
			statement.setLong(2, this.key & 0xFFFFFFFFL);
			try (ResultSet row = statement.executeQuery()) {
				if (!row.next()) {
					return null;
				}
				String address = row.getString(2);
				String application = row.getString(3);
				return "database session pid " + row.getLong(1) + " from "
						+ ((address != null) ? address : "a local socket")
						+ ((application != null && !application.isEmpty()) ? " (application '" + application + "')"
								: "")
						+ ", connected since " + row.getTimestamp(4);
			}
		}
	}

	@Override
	boolean sessionExists(Connection connection, String sessionId) throws SQLException {
		Matcher matcher = SESSION_ID.matcher(sessionId);
		if (!matcher.matches()) {
			return true;
		}
		try (PreparedStatement statement = connection.prepareStatement(
				"SELECT COUNT(*) FROM pg_stat_activity WHERE pid = ? AND " + BACKEND_START_MILLIS + " = ?")) {
			statement.setLong(1, Long.parseLong(matcher.group(1)));
			statement.setLong(2, Long.parseLong(matcher.group(2)));
			try (ResultSet result = statement.executeQuery()) {
				return result.next() && result.getInt(1) > 0;
			}
		}
	}

}
