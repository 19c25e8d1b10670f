package dev.migrationstarter.guard.locks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.migrationstarter.jdbc.DatabaseDialect;

/**
 * The statements that set the lock and statement timeouts on the migration session,
 * before each changeset.
 *
 * <p>
 * On PostgreSQL a {@code SET} in a transaction that is rolled back is undone, and
 * Liquibase rolls back before it runs a changeset's changes and after a changeset failed,
 * so they are run, and committed on their own, before every changeset. MariaDB and MySQL
 * take whole seconds for the lock waits, so a timeout is rounded up to the next second;
 * {@code lock_wait_timeout} bounds a wait for a table's metadata lock (DDL),
 * {@code innodb_lock_wait_timeout} a wait for a row lock.
 *
 * @author migration-starter
 */
public final class SessionTimeouts {

	private SessionTimeouts() {
	}

	/**
	 * The statements for a database.
	 * @param dialect the database's dialect
	 * @param mariaDb whether a {@link DatabaseDialect#MARIADB} database is MariaDB rather
	 * than MySQL, which has no statement timeout for DDL
	 * @param settings the timeouts
	 * @return the statements, empty when nothing is to be set
	 */
	public static List<String> statements(DatabaseDialect dialect, boolean mariaDb, LockTimeoutSettings settings) {
		List<String> statements = new ArrayList<>();
		if (dialect == DatabaseDialect.POSTGRESQL) {
			if (settings.lockTimeoutEnabled()) {
				statements.add("SET lock_timeout = '" + settings.lockTimeout().toMillis() + "ms'");
			}
			if (settings.statementTimeoutEnabled()) {
				statements.add("SET statement_timeout = '" + settings.statementTimeout().toMillis() + "ms'");
			}
		}
		else if (dialect == DatabaseDialect.MARIADB) {
			if (settings.lockTimeoutEnabled()) {
				long seconds = wholeSeconds(settings.lockTimeout());
				statements.add("SET SESSION lock_wait_timeout = " + seconds);
				statements.add("SET SESSION innodb_lock_wait_timeout = " + seconds);
			}
			if (settings.statementTimeoutEnabled() && mariaDb) {
				statements.add("SET SESSION max_statement_time = "
						+ String.format(Locale.ROOT, "%.3f", settings.statementTimeout().toMillis() / 1000.0));
			}
		}
		return statements;
	}

	public static long wholeSeconds(Duration duration) {
		long seconds = duration.toSeconds();
		return (duration.compareTo(Duration.ofSeconds(seconds)) > 0) ? seconds + 1 : Math.max(seconds, 1);
	}

}
