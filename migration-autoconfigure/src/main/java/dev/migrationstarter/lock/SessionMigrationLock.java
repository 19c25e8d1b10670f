package dev.migrationstarter.lock;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import javax.sql.DataSource;

import dev.migrationstarter.core.Durations;
import dev.migrationstarter.core.MigrationSession;
import dev.migrationstarter.jdbc.DatabaseDialect;
import dev.migrationstarter.jdbc.Redaction;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.dao.DataAccessResourceFailureException;

/**
 * A {@link MigrationLock} held by one database session, on the connection that the
 * migration then runs on.
 *
 * <p>
 * The database releases such a lock exactly when the session that holds it ends, so the
 * lock cannot expire while its holder lives (however long it is frozen) and is free at
 * once when its holder dies. The algorithm is:
 * <ol>
 * <li>Open one connection and try the lock without blocking; while another session holds
 * it, name that session, ask whether the lock is still needed, and try again every
 * {@link LockSettings#pollInterval()} until {@link LockSettings#waitTimeout()}.</li>
 * <li>Once held, write the ShedLock row as the record operators read (owner, since when),
 * overwriting whatever a previous holder left: the session lock decides, never the
 * row.</li>
 * <li>Hand out that connection as the migration's data source.</li>
 * <li>On close, mark the record released (only if it is still this owner's), unlock and
 * close the connection.</li>
 * </ol>
 *
 * @author migration-starter
 */
public abstract sealed class SessionMigrationLock implements MigrationLock
		permits PostgresSessionLock, MariaDbSessionLock {

	private static final Log logger = LogFactory.getLog(SessionMigrationLock.class);

	private final LockSettings settings;

	SessionMigrationLock(LockSettings settings) {
		this.settings = settings;
	}

	/**
	 * The session lock for a database, if it has one.
	 * @param dialect the database's dialect
	 * @param settings the lock settings
	 * @return the lock, or empty when the database has no session lock
	 */
	public static Optional<MigrationLock> forDialect(DatabaseDialect dialect, LockSettings settings) {
		return switch (dialect) {
			case POSTGRESQL -> Optional.of(new PostgresSessionLock(settings));
			case MARIADB -> Optional.of(new MariaDbSessionLock(settings));
			case SQL_SERVER, ORACLE, OTHER -> Optional.empty();
		};
	}

	LockSettings settings() {
		return this.settings;
	}

	@Override
	public Optional<HeldMigrationLock> acquire(DataSource dataSource, BooleanSupplier stillNeeded) {
		LockTable.createIfMissing(dataSource, this.settings.tableName());
		Connection connection = open(dataSource);
		try {
			connection.setAutoCommit(true);
			verifySession(dataSource, connection);
			prepareSession(connection);
			return pollForLock(dataSource, connection, stillNeeded);
		}
		catch (SQLException ex) {
			closeQuietly(connection);
			throw new DataAccessResourceFailureException("Could not take the migration lock '"
					+ this.settings.lockName() + "': " + Redaction.text(ex.getMessage()), ex);
		}
		catch (RuntimeException ex) {
			closeQuietly(connection);
			throw ex;
		}
	}

	private Optional<HeldMigrationLock> pollForLock(DataSource dataSource, Connection connection,
			BooleanSupplier stillNeeded) throws SQLException {
		// each statement of the wait answers at once, so a silent database means it is
		// cut off
		connection.setNetworkTimeout(Runnable::run, millis(this.settings.connectionLostTimeout()));
		Optional<HeldMigrationLock> held = LockWait.forLock(this.settings, true,
				(waited, waitedBefore, mayWait) -> tryToHold(dataSource, connection, waited, waitedBefore, mayWait),
				() -> describeHolder(connection), stillNeeded);
		if (held.isEmpty()) {
			closeQuietly(connection);
		}
		return held;
	}

	private Optional<HeldMigrationLock> tryToHold(DataSource dataSource, Connection connection, Duration waited,
			boolean waitedBefore, Duration mayWait) throws SQLException {
		// a statement that waits must still answer within the network timeout of the wait
		Duration blockFor = min(mayWait, this.settings.connectionLostTimeout().dividedBy(2));
		if (!(blockFor.isZero() ? tryLock(connection) : awaitLock(connection, blockFor))) {
			return Optional.empty();
		}
		String owner = LockOwner.next();
		writeRecord(connection, owner);
		String sessionId = sessionId(connection);
		connection.setNetworkTimeout(Runnable::run, 0);
		logger.info("Acquired migration lock '" + this.settings.lockName() + "' as database session " + sessionId
				+ (waitedBefore ? " after waiting " + Durations.format(waited) : ""));
		Session session = new Session(sessionId, dataSource, this);
		return Optional.of(new HeldSessionLock(this, connection, owner, waited, session, session::stillExists));
	}

	private void writeRecord(Connection connection, String owner) throws SQLException {
		DatabaseDialect dialect = dialect();
		String now = dialect.utcNow();
		String until = dialect.utcNowPlusSeconds(this.settings.lease().toSeconds());
		String table = this.settings.tableName();
		if (update(connection, "UPDATE " + table + " SET lock_until = " + until + ", locked_at = " + now
				+ ", locked_by = ? WHERE name = ?", owner, this.settings.lockName()) == 0) {
			update(connection, "INSERT INTO " + table + " (name, lock_until, locked_at, locked_by) VALUES (?, " + until
					+ ", " + now + ", ?)", this.settings.lockName(), owner);
		}
	}

	private String describeHolder(Connection connection) {
		String session;
		try {
			session = describeHoldingSession(connection);
		}
		catch (SQLException ex) {
			logger.debug("Could not name the session that holds the migration lock", ex);
			session = null;
		}
		String record = describeRecord(connection);
		if (session == null) {
			return "another database session" + ((record != null) ? " (the lock record names " + record + ")" : "");
		}
		return session + ((record != null) ? "; the lock record names " + record : "");
	}

	private String describeRecord(Connection connection) {
		try (PreparedStatement statement = connection
			.prepareStatement("SELECT locked_by, locked_at FROM " + this.settings.tableName() + " WHERE name = ?")) {
			statement.setString(1, this.settings.lockName());
			try (ResultSet row = statement.executeQuery()) {
				return row.next() ? row.getString(1) + " (locked at " + row.getTimestamp(2) + " UTC)" : null;
			}
		}
		catch (SQLException ex) {
			return null;
		}
	}

	/**
	 * The dialect this lock is for.
	 * @return the dialect
	 */
	abstract DatabaseDialect dialect();

	/**
	 * Refuse a connection on which a session lock would not stay with the migration.
	 * @param dataSource the data source the connection came from
	 * @param connection the connection, in auto-commit mode
	 * @throws SQLException on a database error
	 */
	void verifySession(DataSource dataSource, Connection connection) throws SQLException {
	}

	/**
	 * Ask the session to notice a vanished client, where the database can.
	 * @param connection the session
	 * @throws SQLException on a database error
	 */
	void prepareSession(Connection connection) throws SQLException {
	}

	abstract boolean tryLock(Connection connection) throws SQLException;

	/**
	 * Wait for the lock for at most the given time, waking the moment its holder lets go;
	 * where every waiter wakes then, another waiter may take it first.
	 * @param connection the session
	 * @param timeout how long to wait, at least a millisecond
	 * @return whether the lock is now held
	 * @throws SQLException on a database error
	 */
	abstract boolean awaitLock(Connection connection, Duration timeout) throws SQLException;

	abstract void unlock(Connection connection) throws SQLException;

	abstract String sessionId(Connection connection) throws SQLException;

	/**
	 * Name the session that holds the lock.
	 * @param connection a connection to ask on
	 * @return the holder, or {@code null} when none is found
	 * @throws SQLException on a database error
	 */
	abstract String describeHoldingSession(Connection connection) throws SQLException;

	/**
	 * Whether a session of an id as {@link #sessionId(Connection)} gives it still exists.
	 * @param connection a connection to ask on
	 * @param sessionId the id
	 * @return whether it exists; {@code true} when the id is not one of this dialect
	 * @throws SQLException on a database error
	 */
	abstract boolean sessionExists(Connection connection, String sessionId) throws SQLException;

	static int update(Connection connection, String sql, Object... parameters) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			for (int i = 0; i < parameters.length; i++) {
				statement.setObject(i + 1, parameters[i]);
			}
			return statement.executeUpdate();
		}
	}

	private static Connection open(DataSource dataSource) {
		try {
			return dataSource.getConnection();
		}
		catch (SQLException ex) {
			throw new DataAccessResourceFailureException(
					"Could not open the migration session: " + Redaction.text(ex.getMessage()), ex);
		}
	}

	static int millis(Duration duration) {
		return (int) Math.min(Integer.MAX_VALUE, duration.toMillis());
	}

	static void closeQuietly(Connection connection) {
		try {
			connection.close();
		}
		catch (SQLException ex) {
			logger.debug("Could not close the migration session", ex);
		}
	}

	private record Session(String id, DataSource dataSource, SessionMigrationLock lock) implements MigrationSession {

		@Override
		public boolean isGone(String sessionId) {
			try (Connection connection = this.dataSource.getConnection()) {
				return !this.lock.sessionExists(connection, sessionId);
			}
			catch (SQLException ex) {
				logger.debug("Could not tell whether database session " + sessionId + " exists", ex);
				return false;
			}
		}

		/**
		 * Whether this session still exists, asked on another connection that gives up
		 * after a check interval.
		 * @return whether it exists
		 * @throws SQLException when the database does not answer
		 */
		boolean stillExists() throws SQLException {
			try (Connection connection = this.dataSource.getConnection()) {
				Duration limit = SessionWatch.checkInterval(this.lock.settings.connectionLostTimeout());
				connection.setNetworkTimeout(Runnable::run, millis(limit));
				return this.lock.sessionExists(connection, this.id);
			}
		}

		@Override
		public Duration waitTimeout() {
			return this.lock.settings.waitTimeout();
		}

		@Override
		public Duration pollInterval() {
			return this.lock.settings.pollInterval();
		}

	}

	private static Duration min(Duration first, Duration second) {
		return (first.compareTo(second) <= 0) ? first : second;
	}

}
