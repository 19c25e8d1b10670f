package dev.migrationstarter.lock;

import java.sql.SQLException;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import javax.sql.DataSource;

import dev.migrationstarter.jdbc.DatabaseDialect;
import dev.migrationstarter.jdbc.Redaction;

import org.springframework.dao.DataAccessResourceFailureException;

/**
 * The {@link MigrationLock} of each database: a session lock on PostgreSQL and
 * MariaDB/MySQL, the ShedLock lease on any other database.
 *
 * @author migration-starter
 */
public class DatabaseMigrationLock implements MigrationLock {

	private final LockSettings settings;

	public DatabaseMigrationLock(LockSettings settings) {
		this.settings = settings;
	}

	@Override
	public Optional<HeldMigrationLock> acquire(DataSource dataSource, BooleanSupplier stillNeeded) {
		return lockFor(dataSource).acquire(dataSource, stillNeeded);
	}

	/**
	 * The lock kind a database gets.
	 * @param dataSource the database
	 * @return its lock
	 */
	public MigrationLock lockFor(DataSource dataSource) {
		DatabaseDialect dialect;
		try {
			dialect = DatabaseDialect.of(dataSource);
		}
		catch (SQLException ex) {
			throw new DataAccessResourceFailureException(
					"Could not tell which migration lock the database needs: " + Redaction.text(ex.getMessage()), ex);
		}
		return SessionMigrationLock.forDialect(dialect, this.settings)
			.orElseGet(() -> new ShedLockMigrationLock(this.settings));
	}

}
