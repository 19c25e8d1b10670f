package dev.migrationstarter.core;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.function.Predicate;

import javax.sql.DataSource;

import dev.migrationstarter.jdbc.Redaction;

/**
 * The parts of turning a failure into a {@link MigrationException} that every engine
 * shares: an unreachable database, a lost connection, and the one-line messages.
 *
 * @author migration-starter
 */
public final class MigrationFailures {

	/**
	 * The hint that a failure's stack trace is printed at debug level.
	 */
	public static final String STACK_TRACE_HINT = "rerun with --logging.level.dev.migrationstarter=debug for the stack trace";

	private MigrationFailures() {
	}

	/**
	 * A database that could not be reached, for a data source whose URL is not known
	 * here.
	 * @param dataSource the data source, whose passwords are masked in the message
	 * @param failure why it could not be reached
	 * @return the exception to end the process with
	 */
	public static MigrationException databaseUnavailable(DataSource dataSource, Throwable failure) {
		return databaseUnavailable(dataSource, Redaction.targetOf(dataSource), failure);
	}

	/**
	 * A database that could not be reached.
	 * @param dataSource the data source, whose passwords are masked in the message
	 * @param jdbcUrl the URL it was configured with, or {@code null}
	 * @param failure why it could not be reached
	 * @return the exception to end the process with
	 */
	public static MigrationException databaseUnavailable(DataSource dataSource, String jdbcUrl, Throwable failure) {
		return new MigrationException(MigrationExitCode.DATABASE_UNAVAILABLE,
				"Cannot connect to " + Redaction.target(jdbcUrl) + ": "
						+ Redaction.text(rootMessage(failure), Redaction.secretsOf(dataSource)),
				"check the JDBC URL, that the database is up and reachable, and the migration credentials", failure);
	}

	/**
	 * A connection lost while migrating, or {@code null} when the failure is no lost
	 * connection.
	 * @param failure the failure
	 * @param engine the engine that migrated
	 * @param failedChange the migration that was running, or {@code null}
	 * @return the exception, or {@code null}
	 */
	public static MigrationException connectionLost(Throwable failure, MigrationEngine engine, String failedChange) {
		if (!isConnectionFailure(failure)) {
			return null;
		}
		String during = (failedChange != null) ? " while running " + engine.changeNoun() + " " + failedChange : "";
		return new MigrationException(MigrationExitCode.DATABASE_UNAVAILABLE,
				"Lost the database connection" + during + ": " + rootMessage(failure),
				"check that the database is up and reachable, then run --migrate-only again (a " + engine.changeNoun()
						+ " that did not finish is not recorded as applied)",
				failure);
	}

	/**
	 * Whether the failure, or one of its causes, is a connection that could not be made
	 * or was lost.
	 * @param failure the failure
	 * @return whether it is a connection failure
	 */
	public static boolean isConnectionFailure(Throwable failure) {
		return find(failure, Throwable.class, MigrationFailures::isConnectionProblem) != null;
	}

	private static boolean isConnectionProblem(Throwable candidate) {
		if (candidate instanceof ConnectException || candidate instanceof UnknownHostException
				|| candidate instanceof SQLInvalidAuthorizationSpecException
				|| candidate instanceof SQLNonTransientConnectionException
				|| candidate instanceof SQLTransientConnectionException) {
			return true;
		}
		if (candidate instanceof EOFException || candidate instanceof SocketException
				|| candidate instanceof SocketTimeoutException) {
			return true;
		}
		if (!(candidate instanceof SQLException sqlException)) {
			return false;
		}
		String sqlState = sqlException.getSQLState();
		// 57P01-57P03: the server is shutting down or restarting, or ended the session
		return (sqlState != null && (sqlState.startsWith("08") || sqlState.startsWith("28") || sqlState.equals("57P01")
				|| sqlState.equals("57P02") || sqlState.equals("57P03"))) || isKilledMariaDbConnection(sqlException);
	}

	// MariaDB's ER_CONNECTION_KILLED (1927) and MySQL's lost-connection client errors
	private static boolean isKilledMariaDbConnection(SQLException failure) {
		int code = failure.getErrorCode();
		return code == 1927 || code == 2006 || code == 2013;
	}

	/**
	 * The message of the deepest cause that has one, on one line, passwords masked.
	 * @param failure the failure
	 * @return the message
	 */
	public static String rootMessage(Throwable failure) {
		Throwable root = failure;
		String message = failure.getMessage();
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
			if (root.getMessage() != null && !root.getMessage().isBlank()) {
				message = root.getMessage();
			}
		}
		return singleLine((message != null) ? message : failure.getClass().getName());
	}

	/**
	 * A message on one line, its line breaks turned into {@code |}, passwords masked.
	 * @param message the message, or {@code null}
	 * @return the line
	 */
	public static String singleLine(String message) {
		if (message == null) {
			return "";
		}
		return Redaction.text(message.strip().replaceAll("\\s*[\\r\\n]+\\s*", " | "));
	}

	/**
	 * The failure or its first cause of the given type.
	 * @param <T> the type
	 * @param failure the failure
	 * @param type the type
	 * @return the failure of that type, or {@code null}
	 */
	public static <T extends Throwable> T find(Throwable failure, Class<T> type) {
		return find(failure, type, (candidate) -> true);
	}

	private static <T extends Throwable> T find(Throwable failure, Class<T> type, Predicate<? super T> condition) {
		for (Throwable candidate = failure; candidate != null; candidate = candidate.getCause()) {
			if (type.isInstance(candidate) && condition.test(type.cast(candidate))) {
				return type.cast(candidate);
			}
			if (candidate.getCause() == candidate) {
				break;
			}
		}
		return null;
	}

}
