package dev.migrationstarter.core;

import java.time.Duration;
import java.util.Optional;

import javax.sql.DataSource;

/**
 * What a {@link MigrationTarget} is given to migrate with, while the migration lock is
 * held.
 *
 * @author migration-starter
 */
public interface MigrationRun {

	/**
	 * The data source to migrate through: under a session lock it hands out the one
	 * connection that holds the lock, so the changes cannot outlive the lock.
	 * @return the data source
	 */
	DataSource dataSource();

	/**
	 * The database session that holds the lock, when the lock is a session lock.
	 * @return the session, or empty for a lease
	 */
	Optional<MigrationSession> session();

	/**
	 * Where the target reports each migration as it runs.
	 * @return the progress
	 */
	ChangeProgress progress();

	/**
	 * Count a wait for the engine's own lock (such as Liquibase's
	 * {@code DATABASECHANGELOGLOCK}) into the run's lock wait.
	 * @param waited how long the engine waited
	 */
	void engineLockWaited(Duration waited);

}
