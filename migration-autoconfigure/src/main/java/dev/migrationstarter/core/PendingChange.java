package dev.migrationstarter.core;

import java.util.List;

/**
 * A migration that the next run would apply, as the zero-downtime guard judges it: its
 * statements for the database at hand, whether it runs in a transaction, and its comment.
 *
 * @param id the migration, as its engine names it (see {@link ChangeRef})
 * @param statements its SQL statements in order
 * @param runInTransaction whether its engine runs it in a transaction
 * @param comments its comment, where an acknowledgement marker may stand
 * @author migration-starter
 */
public record PendingChange(String id, List<String> statements, boolean runInTransaction, String comments) {

	public PendingChange {
		statements = List.copyOf(statements);
		comments = (comments != null) ? comments : "";
	}

	/**
	 * A migration that runs in a transaction and has no comment.
	 * @param id the migration, as its engine names it
	 * @param statements its SQL statements
	 * @return the migration
	 */
	public static PendingChange of(String id, String... statements) {
		return new PendingChange(id, List.of(statements), true, "");
	}

}
