package dev.migrationstarter.lock;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.migrationstarter.jdbc.DatabaseDialect;

/**
 * A named lock of MariaDB or MySQL ({@code GET_LOCK}). Such names are global to the
 * server, so the name includes the database, hashed when longer than the 64 characters
 * the server allows.
 *
 * @author migration-starter
 */
final class MariaDbSessionLock extends SessionMigrationLock {

	private static final Pattern SESSION_ID = Pattern.compile("mariadb-(\\d+)");

	private static final int MAXIMUM_NAME_LENGTH = 64;

	MariaDbSessionLock(LockSettings settings) {
		super(settings);
	}

	@Override
	DatabaseDialect dialect() {
		return DatabaseDialect.MARIADB;
	}

	String serverLockName(Connection connection) throws SQLException {
		String name = "migration:" + connection.getCatalog() + ":" + settings().lockName();
		if (name.length() <= MAXIMUM_NAME_LENGTH) {
			return name;
		}
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
			return "migration:" + HexFormat.of().formatHex(digest).substring(0, MAXIMUM_NAME_LENGTH - 10);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	boolean tryLock(Connection connection) throws SQLException {
		return getLock(connection, 0);
	}

	@Override
	boolean awaitLock(Connection connection, Duration timeout) throws SQLException {
		return getLock(connection, Math.max(0.001, timeout.toMillis() / 1000.0));
	}

	private boolean getLock(Connection connection, double timeoutSeconds) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement("SELECT GET_LOCK(?, ?)")) {
			statement.setString(1, serverLockName(connection));
			statement.setDouble(2, timeoutSeconds);
			try (ResultSet result = statement.executeQuery()) {
				return result.next() && result.getInt(1) == 1;
			}
		}
	}

	@Override
	void unlock(Connection connection) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement("SELECT RELEASE_LOCK(?)")) {
			statement.setString(1, serverLockName(connection));
			statement.executeQuery().close();
		}
	}

	@Override
	String sessionId(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SELECT CONNECTION_ID()")) {
			result.next();
			return "mariadb-" + result.getLong(1);
		}
	}

	@Override
	String describeHoldingSession(Connection connection) throws SQLException {
		long holder;
		try (PreparedStatement statement = connection.prepareStatement("SELECT IS_USED_LOCK(?)")) {
			statement.setString(1, serverLockName(connection));
			try (ResultSet result = statement.executeQuery()) {
				if (!result.next() || result.getObject(1) == null) {
					return null;
				}
				holder = result.getLong(1);
			}
		}
		try (PreparedStatement statement = connection
			.prepareStatement("SELECT HOST, USER, TIME FROM information_schema.PROCESSLIST WHERE ID = ?")) {
			statement.setLong(1, holder);
			try (ResultSet row = statement.executeQuery()) {
				if (!row.next()) {
					return "database connection " + holder;
				}
				return "database connection " + holder + " from " + row.getString(1) + " (user " + row.getString(2)
						+ ", " + row.getLong(3) + " s in its current command)";
			}
		}
	}

	@Override
	boolean sessionExists(Connection connection, String sessionId) throws SQLException {
		Matcher matcher = SESSION_ID.matcher(sessionId);
		if (!matcher.matches()) {
			return true;
		}
		try (PreparedStatement statement = connection
			.prepareStatement("SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID = ?")) {
			statement.setLong(1, Long.parseLong(matcher.group(1)));
			try (ResultSet result = statement.executeQuery()) {
				return result.next() && result.getInt(1) > 0;
			}
		}
	}

}
