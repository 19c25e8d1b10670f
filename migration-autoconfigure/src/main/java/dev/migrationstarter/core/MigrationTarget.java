package dev.migrationstarter.core;

import java.io.Writer;
import java.time.Duration;
import java.util.List;

import javax.sql.DataSource;

import dev.migrationstarter.jdbc.Redaction;

/**
 * One migration engine bean and the database it migrates, as the engine-neutral commands,
 * the lock, the guard, readiness and the meters see it: a {@code SpringLiquibase} or a
 * {@code Flyway} bean.
 *
 * <p>
 * A target knows its engine; it never takes the migration lock, ends the process or
 * decides an exit code on its own: it reads, migrates under a {@link MigrationRun} it is
 * given, and classifies its engine's failures.
 *
 * @author migration-starter
 */
public interface MigrationTarget {

	/**
	 * The name of the engine bean, as logs, the run report and meters name the target.
	 * @return the bean name
	 */
	String name();

	/**
	 * The engine that migrates this target.
	 * @return the engine
	 */
	MigrationEngine engine();

	/**
	 * What the target migrates from, for logs: {@code changelog db/changelog/master.yaml}
	 * or {@code migrations classpath:db/migration}.
	 * @return the description
	 */
	String source();

	/**
	 * The database this target migrates: the engine's own data source where the
	 * application gives it one (for example {@code spring.liquibase.url} or
	 * {@code spring.flyway.url}), the application's otherwise.
	 * @return the data source
	 */
	DataSource dataSource();

	/**
	 * The database that {@link #readStatus} reads, without credentials, for messages.
	 * @return the description, such as {@code jdbc:postgresql://db:5432/app}
	 */
	default String statusDatabase() {
		return Redaction.targetOf(dataSource());
	}

	/**
	 * Read how the database compares with the migrations built into the application,
	 * read-only: no table is created, locked or written.
	 * @param timeout how long the read may take, or {@code null} for no bound
	 * @param validate whether to fail when an applied migration was edited since
	 * @return the status
	 * @throws StatusUnavailableException if the database or the migrations could not be
	 * read
	 */
	MigrationStatus readStatus(Duration timeout, boolean validate);

	/**
	 * Whether {@link #migrate} would change nothing: nothing is pending and no setting
	 * asks the engine to act anyway (a tag, a baseline, a clean, a repair). When it says
	 * yes, {@code --migrate-only} takes no lock at all.
	 * @return whether the migration can be skipped
	 * @throws StatusUnavailableException if the database could not be read
	 */
	boolean isUpToDateForMigration();

	/**
	 * {@link #isUpToDateForMigration()}, asked at each poll while another migrator holds
	 * the migration lock. A target may answer {@code false} rather than do costly work
	 * that only the first answer needs (such as parsing its migrations): the migrator
	 * asks {@link #isUpToDateForMigration()} again once it holds the lock.
	 * @return whether the migration can be skipped, {@code false} when it is not known
	 * cheaply
	 * @throws StatusUnavailableException if the database could not be read
	 */
	default boolean isUpToDateWhileWaiting() {
		return isUpToDateForMigration();
	}

	/**
	 * The pending migrations as the zero-downtime guard judges them, with the SQL the
	 * engine would run for each on this database.
	 * @return the pending migrations, in the order they would run
	 * @throws MigrationException if their SQL could not be produced
	 */
	List<PendingChange> pendingChanges();

	/**
	 * Migrate, on {@link MigrationRun#dataSource()} (under a session lock, the one
	 * connection that holds it), telling {@link MigrationRun#progress()} about each
	 * migration. Every setting the application gave the engine bean applies.
	 * @param run the run, given while the migration lock is held
	 * @throws Exception the engine's failure, which {@link #classify} turns into an exit
	 * code
	 */
	void migrate(MigrationRun run) throws Exception;

	/**
	 * Write the SQL that {@link #migrate} would run, applying and locking nothing; what
	 * cannot be printed (a Java migration) is named in a comment.
	 * @param output where to write the SQL
	 * @throws MigrationException if the SQL could not be produced
	 */
	void writeDryRun(Writer output);

	/**
	 * Turn a failure of this target's engine into the exception that carries its exit
	 * code, cause and next step.
	 * @param failure the failure thrown by {@link #migrate} or a read
	 * @param failedChange the migration that was running when it failed, or {@code null}
	 * @return the classified failure
	 */
	MigrationException classify(Throwable failure, String failedChange);

	/**
	 * Called after a successful migration (or a skipped one), for work that keeps later
	 * reads fast, such as saving an index of the migrations.
	 */
	default void afterMigration() {
	}

}
