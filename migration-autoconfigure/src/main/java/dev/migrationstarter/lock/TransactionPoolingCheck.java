package dev.migrationstarter.lock;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.sql.DataSource;

import dev.migrationstarter.jdbc.Redaction;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.util.ClassUtils;

/**
 * Tells whether a PostgreSQL connection keeps one database session of its own, as a
 * session lock needs, or reaches the server through a pooler that hands out sessions per
 * transaction or per statement (PgBouncer {@code pool_mode=transaction} or
 * {@code statement}).
 *
 * <p>
 * The check is:
 * <ol>
 * <li>Read the server session the connection's statement ran on ({@code pg_backend_pid()}
 * and the server's start time). When it is the process that PostgreSQL named to the
 * driver at login, the connection is a session of its own: done, with one query. A pooler
 * names a process of its own at login, so it fails this test.</li>
 * <li>Otherwise open a second connection from the same data source while the first stays
 * open, and read the session of each, in turn, {@value #ROUNDS} times, each read its own
 * transaction.</li>
 * <li>Refuse when the two open connections were served by one session (a transaction
 * pooler hands an idle session to the next client, the most recently used first), or when
 * either connection was served by different sessions. A session-mode pooler passes: each
 * client keeps its session.</li>
 * </ol>
 * Directly connected, two open connections never share a session and a connection never
 * changes its session, so the check never refuses one.
 *
 * @author migration-starter
 */
final class TransactionPoolingCheck {

	private static final Log logger = LogFactory.getLog(TransactionPoolingCheck.class);

	private static final int ROUNDS = 6;

	private static final Duration SECOND_CONNECTION_WAIT = Duration.ofSeconds(5);

	private static final String PG_CONNECTION = "org.postgresql.PGConnection";

	private TransactionPoolingCheck() {
	}

	/**
	 * Refuse a connection that does not keep one database session of its own.
	 * @param dataSource the data source the connection came from
	 * @param connection the connection, in auto-commit mode
	 * @throws TransactionPoolingException if a pooler hands out its session per
	 * transaction or per statement
	 * @throws SQLException on a database error
	 */
	static void verify(DataSource dataSource, Connection connection) throws SQLException {
		ServerSession first = ServerSession.of(connection);
		Long namedAtLogin = backendNamedAtLogin(connection);
		if (namedAtLogin != null && namedAtLogin == first.pid()) {
			return;
		}
		Connection second = openSecond(dataSource);
		if (second != null && isSameConnection(connection, second)) {
			// a data source of one connection: closing it would end the migration's
			// session
			second = null;
		}
		try {
			if (second != null) {
				second.setAutoCommit(true);
			}
			compare(connection, second, first);
		}
		finally {
			if (second != null) {
				SessionMigrationLock.closeQuietly(second);
			}
		}
		logger.debug("The migration connection reaches PostgreSQL through a pooler or proxy that keeps one "
				+ "database session per connection; the session migration lock is safe on it");
	}

	private static void compare(Connection connection, Connection second, ServerSession first) throws SQLException {
		ServerSession firstOfSecond = null;
		for (int round = 0; round < ROUNDS; round++) {
			if (second != null) {
				ServerSession other = ServerSession.of(second);
				if (other.equals(first)) {
					throw new TransactionPoolingException("a second connection, opened while the migration's was "
							+ "open, was served by the same database session (" + first + ")");
				}
				if (firstOfSecond == null) {
					firstOfSecond = other;
				}
				else if (!other.equals(firstOfSecond)) {
					throw changed(firstOfSecond, other);
				}
			}
			ServerSession again = ServerSession.of(connection);
			if (!again.equals(first)) {
				throw changed(first, again);
			}
		}
	}

	private static TransactionPoolingException changed(ServerSession before, ServerSession after) {
		return new TransactionPoolingException("one connection was served by database session " + before
				+ " in one transaction and by " + after + " in the next");
	}

	private static boolean isSameConnection(Connection connection, Connection second) throws SQLException {
		return second == connection || second.unwrap(Connection.class) == connection.unwrap(Connection.class);
	}

	/**
	 * The process id that the server sent the driver at login, where the driver tells it.
	 */
	private static Long backendNamedAtLogin(Connection connection) {
		try {
			Class<?> type = ClassUtils.forName(PG_CONNECTION, TransactionPoolingCheck.class.getClassLoader());
			if (!connection.isWrapperFor(type)) {
				return null;
			}
			Object driverConnection = connection.unwrap(type);
			return ((Number) type.getMethod("getBackendPID").invoke(driverConnection)).longValue();
		}
		catch (ReflectiveOperationException | SQLException | LinkageError | RuntimeException ex) {
			logger.debug("Could not read the backend process that PostgreSQL named at login", ex);
			return null;
		}
	}

	/**
	 * A second connection, or {@code null} when the data source cannot give one soon (a
	 * pool of one connection): the check then relies on the first connection alone.
	 */
	private static Connection openSecond(DataSource dataSource) {
		CompletableFuture<Connection> opening = new CompletableFuture<>();
		Thread opener = new Thread(() -> {
			try {
				Connection second = dataSource.getConnection();
				if (!opening.complete(second)) {
					SessionMigrationLock.closeQuietly(second);
				}
			}
			catch (SQLException | RuntimeException ex) {
				opening.completeExceptionally(ex);
			}
		}, "migration-pooling-check");
		opener.setDaemon(true);
		opener.start();
		try {
			return opening.get(SECOND_CONNECTION_WAIT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			if (!opening.complete(null)) {
				return openedMeanwhile(opening);
			}
			warnCheckedAlone("none came within " + SECOND_CONNECTION_WAIT.toSeconds() + " s: a pool of one?");
			return null;
		}
		catch (ExecutionException ex) {
			warnCheckedAlone(Redaction.text(ex.getCause().getMessage()));
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			Connection opened = opening.complete(null) ? null : openedMeanwhile(opening);
			if (opened != null) {
				SessionMigrationLock.closeQuietly(opened);
			}
			return null;
		}
	}

	private static void warnCheckedAlone(String reason) {
		logger.warn("Could not open a second connection to tell whether the pooler in front of PostgreSQL keeps one "
				+ "session per connection (" + reason + "); checked the migration connection alone. If it pools "
				+ "transactions (PgBouncer pool_mode=transaction), point spring.liquibase.url at the database");
	}

	private static Connection openedMeanwhile(CompletableFuture<Connection> opening) {
		return opening.isCompletedExceptionally() ? null : opening.getNow(null);
	}

	/**
	 * A database session, told apart across servers by the server's start time.
	 */
	private record ServerSession(long pid, long serverStartMicros) {

		static ServerSession of(Connection connection) throws SQLException {
			try (Statement statement = connection.createStatement();
					ResultSet row = statement.executeQuery("SELECT pg_backend_pid(), "
							+ "(extract(epoch FROM pg_postmaster_start_time()) * 1000000)::bigint")) {
				row.next();
				return new ServerSession(row.getLong(1), row.getLong(2));
			}
		}

		@Override
		public String toString() {
			return "pid " + this.pid;
		}

	}

}
