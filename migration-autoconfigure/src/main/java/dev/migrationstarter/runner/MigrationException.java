package dev.migrationstarter.runner;

/**
 * A migration that did not complete, with the exit code it maps to and what an operator
 * should do next.
 *
 * @author migration-starter
 */
public class MigrationException extends RuntimeException {

	private final MigrationExitCode exitCode;

	private final String nextStep;

	public MigrationException(MigrationExitCode exitCode, String message, String nextStep, Throwable cause) {
		super(message, cause);
		this.exitCode = exitCode;
		this.nextStep = nextStep;
	}

	public MigrationExitCode getExitCode() {
		return this.exitCode;
	}

	public String getNextStep() {
		return this.nextStep;
	}

}
