package dev.migrationstarter.core;

/**
 * A migration that did not complete, with the exit code it maps to and what an operator
 * should do next.
 *
 * @author migration-starter
 */
public class MigrationException extends RuntimeException {

	private final MigrationExitCode exitCode;

	private final String nextStep;

	private MigrationReport report;

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

	/**
	 * What the failed migration did before it failed.
	 * @return the report, or {@code null} if the migration never started
	 */
	public MigrationReport getReport() {
		return this.report;
	}

	/**
	 * Attach what the failed migration did before it failed.
	 * @param report the report
	 * @return this exception
	 */
	public MigrationException withReport(MigrationReport report) {
		this.report = report;
		return this;
	}

}
