package dev.migrationstarter.core;

/**
 * Told about every migration run of a {@link MigrationTarget}, successful or not; the
 * Micrometer meters are one.
 *
 * @author migration-starter
 */
@FunctionalInterface
public interface MigrationListener {

	/**
	 * Called once a migration of one target has ended.
	 * @param report what the run did, up to where it ended
	 * @param outcome how it ended
	 */
	void migrationFinished(MigrationReport report, MigrationExitCode outcome);

}
