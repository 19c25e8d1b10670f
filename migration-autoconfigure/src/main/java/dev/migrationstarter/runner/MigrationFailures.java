package dev.migrationstarter.runner;

import java.io.EOFException;
import java.io.FileNotFoundException;
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
import dev.migrationstarter.lock.LockLostException;
import dev.migrationstarter.lock.LockNotAcquiredException;
import dev.migrationstarter.lock.TransactionPoolingException;
import dev.migrationstarter.status.EditedChangeSetsException;
import dev.migrationstarter.status.StatusUnavailableException;
import liquibase.exception.ChangeLogParseException;
import liquibase.exception.MigrationFailedException;
import liquibase.exception.ValidationFailedException;
import liquibase.parser.core.ParsedNodeException;

/**
 * Maps whatever a migration threw onto a {@link MigrationException} with its exit code, a
 * one-line cause and a next step.
 *
 * @author migration-starter
 */
public final class MigrationFailures {

	private static final String EDITED_NEXT_STEP = "never edit an applied changeset: restore it and add a new changeset (or give it a validCheckSum)";

	private static final String STACK_TRACE_HINT = "rerun with --logging.level.dev.migrationstarter=debug for the stack trace";

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

	static MigrationException databaseUnavailable(DataSource dataSource, String jdbcUrl, Throwable failure) {
		return new MigrationException(MigrationExitCode.DATABASE_UNAVAILABLE,
				"Cannot connect to " + Redaction.target(jdbcUrl) + ": "
						+ Redaction.text(rootMessage(failure), Redaction.secretsOf(dataSource)),
				"check the JDBC URL, that the database is up and reachable, and the migration credentials", failure);
	}

	/**
	 * Map a migration status that could not be read onto its exit code: 4 when the
	 * changelog cannot be parsed, 5 when the database cannot be read.
	 * @param beanName the {@code SpringLiquibase} bean whose status was read
	 * @param failure why the status could not be read
	 * @return the exception to end the process with
	 */
	public static MigrationException statusUnavailable(String beanName, StatusUnavailableException failure) {
		String message = "Liquibase '" + beanName + "': " + singleLine(failure.getMessage());
		if (failure instanceof EditedChangeSetsException) {
			return new MigrationException(MigrationExitCode.CHANGELOG_INVALID, message, EDITED_NEXT_STEP, failure);
		}
		if (failure.isChangelogProblem()) {
			return new MigrationException(MigrationExitCode.CHANGELOG_INVALID, message,
					"check spring.liquibase.change-log and that the changelog is well-formed", failure);
		}
		return new MigrationException(MigrationExitCode.DATABASE_UNAVAILABLE, message,
				"check the JDBC URL, that the database is up and reachable, and that the login may read the changelog table",
				failure);
	}

	/**
	 * Map a failure onto its exit code, cause and next step.
	 * @param failure what the migration threw
	 * @param failedChangeSet the changeset that was running, or {@code null}
	 * @return the exception to end the process with
	 */
	public static MigrationException classify(Throwable failure, String failedChangeSet) {
		if (failure instanceof MigrationException migrationException) {
			return migrationException;
		}
		TransactionPoolingException pooled = find(failure, TransactionPoolingException.class);
		if (pooled != null) {
			return new MigrationException(MigrationExitCode.DATABASE_UNAVAILABLE, pooled.getMessage(),
					"point spring.liquibase.url at the database directly, or at a session-mode pool (PgBouncer "
							+ "pool_mode=session); the application's own data source may stay on the transaction pool",
					failure);
		}
		LockNotAcquiredException lockTimeout = find(failure, LockNotAcquiredException.class);
		if (lockTimeout != null) {
			return new MigrationException(MigrationExitCode.LOCK_TIMEOUT, lockTimeout.getMessage(),
					"wait for the holder named above to finish, or raise migration.lock.wait-timeout; a dead migrator's lock is freed when its session ends (its lease expires on H2)",
					failure);
		}
		LockLostException lockLost = find(failure, LockLostException.class);
		if (lockLost != null) {
			String before = (failedChangeSet != null) ? "; stopped before changeset " + failedChangeSet : "";
			return new MigrationException(MigrationExitCode.LOCK_LOST, lockLost.getMessage() + before,
					"let the migrator that holds the lock finish, then run --migrate-only again; if this one was"
							+ " frozen or cut off for longer than migration.lock.lease, find out why or raise the lease",
					failure);
		}
		ValidationFailedException invalid = find(failure, ValidationFailedException.class);
		if (invalid != null) {
			return new MigrationException(MigrationExitCode.CHANGELOG_INVALID,
					"Changelog validation failed: " + singleLine(invalid.getMessage()), nextStepFor(invalid), failure);
		}
		if (find(failure, ChangeLogParseException.class) != null || find(failure, ParsedNodeException.class) != null
				|| find(failure, FileNotFoundException.class) != null) {
			return new MigrationException(MigrationExitCode.CHANGELOG_INVALID,
					"Changelog cannot be read: " + rootMessage(failure),
					"check spring.liquibase.change-log and that the changelog is well-formed", failure);
		}
		if (isConnectionFailure(failure)) {
			String during = (failedChangeSet != null) ? " while running changeset " + failedChangeSet : "";
			return new MigrationException(MigrationExitCode.DATABASE_UNAVAILABLE,
					"Lost the database connection" + during + ": " + rootMessage(failure),
					"check that the database is up and reachable, then run --migrate-only again"
							+ " (a changeset that did not finish is not recorded as applied)",
					failure);
		}
		if (find(failure, MigrationFailedException.class) != null || failedChangeSet != null) {
			String changeSet = (failedChangeSet != null) ? "Changeset " + failedChangeSet + " failed: "
					: "A changeset failed: ";
			return new MigrationException(MigrationExitCode.MIGRATION_FAILED, changeSet + rootMessage(failure),
					"fix the changeset (changesets before it stay applied) and run --migrate-only again", failure);
		}
		return new MigrationException(MigrationExitCode.MIGRATION_FAILED, "Migration failed: " + rootMessage(failure),
				"fix the cause and run --migrate-only again (" + STACK_TRACE_HINT + ")", failure);
	}

	/**
	 * The next step for each kind of validation failure that Liquibase lists; the first
	 * kind in its message wins, since one fix at a time is what an operator can do.
	 */
	static String nextStepFor(ValidationFailedException invalid) {
		String message = String.valueOf(invalid.getMessage());
		if (!invalid.getInvalidMD5Sums().isEmpty()) {
			return EDITED_NEXT_STEP;
		}
		if (message.contains("duplicate identifiers")) {
			return "give each changeset a unique id (the same id and author may appear only once per file), "
					+ "or a distinct logicalFilePath to each included changelog";
		}
		if (message.contains("preconditions failed") || message.contains("preconditions generated an error")) {
			return "check the changelog's preconditions against the database (or their onFail/onError setting)";
		}
		if (message.contains("changes have validation")) {
			return "fix the attributes of the change named above (a required attribute is missing or not supported by this database)";
		}
		return "fix the changelog as the message says and run --migrate-only again";
	}

	/**
	 * Whether a failure, or one of its causes, says the database could not be reached or
	 * the connection was lost.
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
	 * The message of the deepest cause that has one, on one line, secrets masked.
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

	static String singleLine(String message) {
		if (message == null) {
			return "";
		}
		return Redaction.text(message.strip().replaceAll("\\s*[\\r\\n]+\\s*", " | "));
	}

	static <T extends Throwable> T find(Throwable failure, Class<T> type) {
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
