package dev.migrationstarter.liquibase.locks;

import java.util.List;

import javax.sql.DataSource;

import dev.migrationstarter.core.MigrationRun;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.visitor.ChangeExecListener;
import liquibase.database.Database;
import liquibase.exception.LiquibaseException;

/**
 * Bounds how long each changeset of {@code --migrate-only} may wait for a table lock, and
 * runs Liquibase's update again when a changeset gave up waiting and nothing of it was
 * applied; the lock timeouts of the zero-downtime guard are one.
 *
 * @author migration-starter
 */
@FunctionalInterface
public interface ChangeSetLockGuard {

	/**
	 * Begin guarding the update of one bean, run while the migration lock is held.
	 * @param beanName the bean name, for logs and meters
	 * @param ownDataSource the bean's own data source, for short connections beside the
	 * migration session
	 * @param run the run under the held migration lock, whose data source the update runs
	 * on
	 * @return the guarded update, or {@code null} where the database has no lock timeouts
	 */
	GuardedUpdate begin(String beanName, DataSource ownDataSource, MigrationRun run);

	/**
	 * The update of one bean under the guard.
	 */
	interface GuardedUpdate extends AutoCloseable {

		/**
		 * The data source the update must run on.
		 * @return the data source
		 */
		DataSource dataSource();

		/**
		 * Called once per attempt, before the first changeset runs.
		 * @param database the database of the attempt
		 * @param pending the changesets the attempt will run
		 */
		void beforeChangeSets(Database database, List<ChangeSet> pending);

		/**
		 * The listener to tell about each changeset of an attempt.
		 * @return the listener
		 */
		ChangeExecListener listener();

		/**
		 * Run the update, again after a lock timeout where that is safe.
		 * @param update one attempt of the update
		 * @throws LiquibaseException if the last attempt failed
		 */
		void run(Attempt update) throws LiquibaseException;

		@Override
		void close();

	}

	/**
	 * One attempt of Liquibase's update.
	 */
	@FunctionalInterface
	interface Attempt {

		/**
		 * Run it.
		 * @throws LiquibaseException if it failed
		 */
		void run() throws LiquibaseException;

	}

}
