package dev.migrationstarter.liquibase.status;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

import liquibase.changelog.DatabaseChangeLog;
import liquibase.integration.spring.SpringLiquibase;

/**
 * Reads Liquibase's changelog table and lock table of a {@link SpringLiquibase} bean,
 * without writing and without taking a lock.
 *
 * @author migration-starter
 */
final class ChangelogTable {

	private final SpringLiquibase liquibase;

	private volatile boolean seen;

	ChangelogTable(SpringLiquibase liquibase) {
		this.liquibase = liquibase;
	}

	/**
	 * The checksum of every applied changeset; a missing table means none.
	 * @param connection a connection to the bean's database
	 * @return the stored checksums by changeset
	 * @throws SQLException if the table cannot be read
	 */
	Map<ChangeSetRef, String> appliedChecksums(Connection connection) throws SQLException {
		Map<ChangeSetRef, String> applied = new HashMap<>();
		// a query of a missing table would fail, and some drivers log that as a warning
		if (!isPresent(connection)) {
			return applied;
		}
		// rows share a few files, and normalising a path takes several regular
		// expressions
		Map<String, String> normalizedPaths = new HashMap<>();
		try (Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("SELECT FILENAME, ID, AUTHOR, MD5SUM FROM "
						+ LiquibaseTables.qualified(this.liquibase, LiquibaseTables.changelogTable(this.liquibase)))) {
			while (rows.next()) {
				String file = rows.getString(1);
				String path = (file != null) ? normalizedPaths.computeIfAbsent(file, DatabaseChangeLog::normalizePath)
						: null;
				applied.put(new ChangeSetRef(path, rows.getString(2), rows.getString(3)), rows.getString(4));
			}
			return applied;
		}
		catch (SQLException ex) {
			if (!exists(connection)) {
				return applied;
			}
			throw ex;
		}
	}

	/**
	 * Whether the changelog table exists; once seen, it is not looked up again.
	 * @param connection a connection to the bean's database
	 * @return whether the table exists
	 * @throws SQLException if the database's metadata cannot be read
	 */
	boolean isPresent(Connection connection) throws SQLException {
		if (!this.seen && exists(connection)) {
			this.seen = true;
		}
		return this.seen;
	}

	/**
	 * Whether Liquibase's own changelog lock is held.
	 * @param connection a connection to the bean's database
	 * @return whether a row of the lock table is locked
	 * @throws SQLException if the lock table cannot be read
	 */
	boolean lockHeld(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("SELECT LOCKED FROM " + LiquibaseTables
					.qualified(this.liquibase, LiquibaseTables.changelogLockTable(this.liquibase)))) {
			while (rows.next()) {
				if (rows.getBoolean(1)) {
					return true;
				}
			}
			return false;
		}
	}

	// a failed statement aborts the transaction of a connection that is not in
	// auto-commit
	private boolean exists(Connection connection) throws SQLException {
		if (!connection.getAutoCommit()) {
			connection.rollback();
		}
		return LiquibaseTables.changelogTableExists(this.liquibase, connection);
	}

}
