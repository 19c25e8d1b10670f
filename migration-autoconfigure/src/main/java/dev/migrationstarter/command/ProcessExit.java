package dev.migrationstarter.command;

/**
 * Ends the process once a run-and-exit mode is done; replaceable where the JVM must live
 * on, as in tests.
 *
 * @author migration-starter
 */
@FunctionalInterface
public interface ProcessExit {

	/**
	 * A {@link ProcessExit} that ends the JVM with {@link System#exit(int)}, or, when the
	 * application context cannot be closed in time, with {@link Runtime#halt(int)}.
	 */
	ProcessExit SYSTEM = new ProcessExit() {

		@Override
		public void exit(int status) {
			System.exit(status);
		}

		@Override
		public void halt(int status) {
			Runtime.getRuntime().halt(status);
		}

	};

	/**
	 * End the process.
	 * @param status the exit status
	 */
	void exit(int status);

	/**
	 * End the process while the application context is still closing: its shutdown hook
	 * would wait for the close that is stuck.
	 * @param status the exit status
	 */
	default void halt(int status) {
		exit(status);
	}

}
