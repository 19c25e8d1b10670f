package dev.migrationstarter.mode;

/**
 * Thrown when an argument, a property or the environment asks for something the starter
 * cannot do, so that the process stops before it starts with one line naming the input
 * and one naming the next step.
 *
 * @author migration-starter
 */
public class InvalidMigrationInputException extends RuntimeException {

	private final String action;

	/**
	 * Create a new exception.
	 * @param description what is wrong, naming the offending input, on one line
	 * @param action what to do instead, on one line
	 */
	public InvalidMigrationInputException(String description, String action) {
		super(description);
		this.action = action;
	}

	/**
	 * What to do instead.
	 * @return the action, on one line
	 */
	public String getAction() {
		return this.action;
	}

}
