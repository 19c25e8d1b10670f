package dev.migrationstarter.runner;

/**
 * Ends the process once a run-and-exit mode is done; replaceable where the JVM must live
 * on, as in tests.
 *
 * @author migration-starter
 */
@FunctionalInterface
public interface ProcessExit {

	/**
	 * A {@link ProcessExit} that halts the JVM with {@link System#exit(int)}.
	 */
	ProcessExit SYSTEM = System::exit;

	/**
	 * End the process.
	 * @param status the exit status
	 */
	void exit(int status);

}
