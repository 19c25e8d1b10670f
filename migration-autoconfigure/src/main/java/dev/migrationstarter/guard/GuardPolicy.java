package dev.migrationstarter.guard;

/**
 * What {@code --migrate-only} does with a pending changeset that breaks a
 * {@link SafetyRule} and is not acknowledged.
 *
 * @author migration-starter
 */
public enum GuardPolicy {

	/**
	 * Apply nothing and exit with its own code, naming the changeset and the rule.
	 */
	REFUSE,

	/**
	 * Log each finding and migrate.
	 */
	WARN,

	/**
	 * Do not check.
	 */
	OFF

}
