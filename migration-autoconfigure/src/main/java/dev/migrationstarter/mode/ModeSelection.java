package dev.migrationstarter.mode;

/**
 * What a process was started to do, decided once from its arguments and properties: the
 * mode, whether its migration is a dry run, and whether the engines migrate while the
 * application starts.
 *
 * @param mode the mode
 * @param dryRun whether {@code --migrate-only} prints its SQL instead of applying it
 * @param migratesOnStartup whether the engines migrate while a normal application starts
 * ({@code migration.migrate-on-startup=true}); never in a run-and-exit mode
 * @author migration-starter
 */
public record ModeSelection(MigrationMode mode, boolean dryRun, boolean migratesOnStartup) {

	/**
	 * The selection of a process started without any mode.
	 */
	public static final ModeSelection NORMAL = new ModeSelection(MigrationMode.NORMAL, false);

	public ModeSelection {
		if (mode == null) {
			throw new IllegalArgumentException("mode must not be null");
		}
		if (dryRun && mode != MigrationMode.MIGRATE_ONLY) {
			throw new IllegalArgumentException("a dry run is a migrate-only run, not " + mode.value());
		}
		migratesOnStartup = migratesOnStartup && mode == MigrationMode.NORMAL;
	}

	/**
	 * A selection in which no engine migrates on startup.
	 * @param mode the mode
	 * @param dryRun whether {@code --migrate-only} prints its SQL instead of applying it
	 */
	public ModeSelection(MigrationMode mode, boolean dryRun) {
		this(mode, dryRun, false);
	}

	/**
	 * Whether the process does its one job and exits instead of running the application.
	 * @return whether this is a run-and-exit mode
	 */
	public boolean isRunAndExit() {
		return this.mode.isRunAndExit();
	}

	/**
	 * Whether the engines must keep their migration out of application startup: in every
	 * run-and-exit mode, and in a normal start unless {@link #migratesOnStartup()}. The
	 * one question an engine's startup deferral asks.
	 * @return whether to defer the engines' migration on startup
	 */
	public boolean defersStartupMigration() {
		return !this.migratesOnStartup;
	}

}
