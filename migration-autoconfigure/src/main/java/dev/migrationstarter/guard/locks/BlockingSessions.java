package dev.migrationstarter.guard.locks;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.migrationstarter.jdbc.DatabaseDialect;

/**
 * Finds the sessions that block the migration session, or would: read on a connection of
 * its own, since the migration session is the one waiting.
 *
 * <p>
 * PostgreSQL names the blockers of a waiting session exactly ({@code pg_blocking_pids}).
 * MariaDB and MySQL name the holder of a row lock ({@code innodb_lock_waits}), and the
 * holders of table metadata locks where the {@code metadata_lock_info} plugin is
 * installed; otherwise the sessions of the same database with an open transaction, the
 * oldest first, are the likely blockers of a DDL statement.
 *
 * @author migration-starter
 */
public abstract class BlockingSessions {

	private static final int MOST_LISTED = 5;

	private static final int QUERY_TIMEOUT_SECONDS = 5;

	public static BlockingSessions of(DatabaseDialect dialect) {
		return switch (dialect) {
			case POSTGRESQL -> new Postgres();
			case MARIADB -> new MariaDb();
			case SQL_SERVER, ORACLE, OTHER -> throw new IllegalArgumentException("No lock timeouts on " + dialect);
		};
	}

	/**
	 * What the server calls a session's id.
	 * @return the name, such as {@code pid}
	 */
	public abstract String idName();

	/**
	 * The id of the session of a connection.
	 * @param connection the connection
	 * @return the id
	 * @throws SQLException if it cannot be read
	 */
	public abstract String sessionId(Connection connection) throws SQLException;

	/**
	 * The sessions that block the given waiting session.
	 * @param connection a connection other than the waiting session's
	 * @param sessionId the waiting session's id
	 * @return the blockers, empty when it waits for nothing
	 * @throws SQLException if they cannot be read
	 */
	public abstract List<BlockingSession> blockersOf(Connection connection, String sessionId) throws SQLException;

	/**
	 * The sessions whose transaction is older than the given age, other than the
	 * migration session and the reading one.
	 * @param connection the reading connection
	 * @param sessionId the migration session's id
	 * @param olderThan the age
	 * @param tables the tables the transactions must hold a lock on, or {@code null} for
	 * any
	 * @return the sessions, oldest transaction first
	 * @throws SQLException if they cannot be read
	 */
	public abstract List<BlockingSession> openTransactions(Connection connection, String sessionId, Duration olderThan,
			List<String> tables) throws SQLException;

	public static List<BlockingSession> read(PreparedStatement statement) throws SQLException {
		statement.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
		statement.setMaxRows(MOST_LISTED);
		List<BlockingSession> sessions = new ArrayList<>();
		try (ResultSet rows = statement.executeQuery()) {
			while (rows.next()) {
				double age = rows.getDouble(4);
				Duration transactionAge = rows.wasNull() ? null : Duration.ofMillis((long) (age * 1000));
				sessions.add(new BlockingSession(rows.getString(1), rows.getString(2), rows.getString(3),
						transactionAge, rows.getString(5)));
			}
		}
		return sessions;
	}

	private static final class Postgres extends BlockingSessions {

		private static final String SESSION = "SELECT a.pid, a.usename || COALESCE(' ' || a.application_name, '')"
				+ " || COALESCE(' from ' || host(a.client_addr), ''), a.state,"
				+ " EXTRACT(EPOCH FROM clock_timestamp() - a.xact_start), a.query FROM pg_stat_activity a";

		@Override
		public String idName() {
			return "pid";
		}

		@Override
		public String sessionId(Connection connection) throws SQLException {
			try (PreparedStatement statement = connection.prepareStatement("SELECT pg_backend_pid()");
					ResultSet row = statement.executeQuery()) {
				row.next();
				return row.getString(1);
			}
		}

		@Override
		public List<BlockingSession> blockersOf(Connection connection, String sessionId) throws SQLException {
			try (PreparedStatement statement = connection
				.prepareStatement(SESSION + " WHERE a.pid = ANY (pg_blocking_pids(?)) ORDER BY a.xact_start")) {
				statement.setInt(1, Integer.parseInt(sessionId));
				return read(statement);
			}
		}

		@Override
		public List<BlockingSession> openTransactions(Connection connection, String sessionId, Duration olderThan,
				List<String> tables) throws SQLException {
			String onTables = (tables != null) ? " AND EXISTS (SELECT 1 FROM pg_locks l WHERE l.pid = a.pid"
					+ " AND l.granted AND l.relation IN (SELECT to_regclass(t) FROM unnest(?::text[]) t))" : "";
			try (PreparedStatement statement = connection.prepareStatement(SESSION
					+ " WHERE a.xact_start < clock_timestamp() - make_interval(secs => ?) AND a.pid <> pg_backend_pid()"
					+ " AND a.pid <> ? AND a.datname = current_database() AND a.backend_type = 'client backend'"
					+ onTables + " ORDER BY a.xact_start")) {
				statement.setDouble(1, olderThan.toMillis() / 1000.0);
				statement.setInt(2, Integer.parseInt(sessionId));
				if (tables != null) {
					Array names = connection.createArrayOf("text", tables.toArray());
					statement.setArray(3, names);
				}
				return read(statement);
			}
		}

	}

	private static final class MariaDb extends BlockingSessions {

		private static final String SESSION = "SELECT t.trx_mysql_thread_id, CONCAT(COALESCE(p.user, ''), '@',"
				+ " COALESCE(p.host, '')), CASE WHEN p.command = 'Sleep' THEN 'idle in transaction'"
				+ " ELSE TRIM(CONCAT(COALESCE(p.command, ''), ' ', COALESCE(p.state, ''))) END,"
				+ " TIMESTAMPDIFF(MICROSECOND, t.trx_started, NOW(6)) / 1000000, COALESCE(t.trx_query, p.info)"
				+ " FROM information_schema.innodb_trx t"
				+ " LEFT JOIN information_schema.processlist p ON p.id = t.trx_mysql_thread_id";

		private static final String ROW_LOCK_HOLDERS = SESSION
				+ " WHERE t.trx_id IN (SELECT w.blocking_trx_id FROM information_schema.innodb_lock_waits w"
				+ " JOIN information_schema.innodb_trx r ON r.trx_id = w.requesting_trx_id"
				+ " WHERE r.trx_mysql_thread_id = ?) ORDER BY t.trx_started";

		private static final String METADATA_LOCK_HOLDERS = SESSION
				+ " WHERE t.trx_mysql_thread_id IN (SELECT m.thread_id FROM information_schema.metadata_lock_info m"
				+ " WHERE m.table_schema = DATABASE() AND m.thread_id <> ?) ORDER BY t.trx_started";

		private static final String OPEN_TRANSACTIONS = SESSION
				+ " WHERE t.trx_mysql_thread_id <> ? AND t.trx_mysql_thread_id <> CONNECTION_ID()"
				+ " AND p.db = DATABASE() AND t.trx_started < NOW(6) - INTERVAL ? MICROSECOND ORDER BY t.trx_started";

		@Override
		public String idName() {
			return "connection";
		}

		@Override
		public String sessionId(Connection connection) throws SQLException {
			try (PreparedStatement statement = connection.prepareStatement("SELECT CONNECTION_ID()");
					ResultSet row = statement.executeQuery()) {
				row.next();
				return row.getString(1);
			}
		}

		@Override
		public List<BlockingSession> blockersOf(Connection connection, String sessionId) throws SQLException {
			List<BlockingSession> rowLockHolders = query(connection, ROW_LOCK_HOLDERS, sessionId);
			if (!rowLockHolders.isEmpty() || !isWaitingForMetadataLock(connection, sessionId)) {
				return rowLockHolders;
			}
			if (hasMetadataLockInfo(connection)) {
				return query(connection, METADATA_LOCK_HOLDERS, sessionId);
			}
			return openTransactions(connection, sessionId, Duration.ZERO, null);
		}

		@Override
		public List<BlockingSession> openTransactions(Connection connection, String sessionId, Duration olderThan,
				List<String> tables) throws SQLException {
			try (PreparedStatement statement = connection.prepareStatement(OPEN_TRANSACTIONS)) {
				statement.setLong(1, Long.parseLong(sessionId));
				statement.setLong(2, olderThan.toNanos() / 1000);
				return read(statement);
			}
		}

		private static List<BlockingSession> query(Connection connection, String sql, String sessionId)
				throws SQLException {
			try (PreparedStatement statement = connection.prepareStatement(sql)) {
				statement.setLong(1, Long.parseLong(sessionId));
				return read(statement);
			}
		}

		private static boolean isWaitingForMetadataLock(Connection connection, String sessionId) throws SQLException {
			try (PreparedStatement statement = connection
				.prepareStatement("SELECT state FROM information_schema.processlist WHERE id = ?")) {
				statement.setLong(1, Long.parseLong(sessionId));
				try (ResultSet row = statement.executeQuery()) {
					return row.next() && row.getString(1) != null && row.getString(1).contains("metadata lock");
				}
			}
		}

		private static boolean hasMetadataLockInfo(Connection connection) throws SQLException {
			try (PreparedStatement statement = connection.prepareStatement("SELECT 1 FROM information_schema.tables"
					+ " WHERE table_schema = 'information_schema' AND table_name = 'METADATA_LOCK_INFO'");
					ResultSet row = statement.executeQuery()) {
				return row.next();
			}
		}

	}

}
