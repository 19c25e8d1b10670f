package dev.migrationstarter.mode;

/**
 * The mode a process was started in, with whether its migration is a dry run.
 *
 * @param mode the mode
 * @param dryRun whether {@code --migrate-only} prints its SQL instead of applying it
 * @author migration-starter
 */
public record ModeSelection(MigrationMode mode, boolean dryRun) {

	/**
	 * The selection of a process started without any mode.
	 */
	public static final ModeSelection NORMAL = new ModeSelection(MigrationMode.NORMAL, false);

}
