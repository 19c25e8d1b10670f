package dev.migrationstarter.guard;

/**
 * A pending changeset's statement that breaks a {@link SafetyRule}.
 *
 * @param changeSet the changeset, as {@code file::id::author}
 * @param rule the rule it breaks
 * @param statement the statement, shortened for a log line
 * @param reason why it is unsafe, in one line: the rule's reason, or the server's own
 * @param acknowledged whether the team acknowledged this rule for this changeset
 * @author migration-starter
 */
public record Finding(String changeSet, SafetyRule rule, String statement, String reason, boolean acknowledged) {

	/**
	 * The finding as one line: changeset, rule, reason and the safe way.
	 * @return the line
	 */
	public String describe() {
		return this.changeSet + " " + this.rule.id() + ": " + this.reason + " (" + this.statement + "). Safe way: "
				+ this.rule.safeWay();
	}

}
