package dev.migrationstarter.guard;

import java.util.List;

/**
 * A changeset that the next update would run, as the guard judges it: its statements for
 * the database at hand, whether it runs in a transaction, and its comment.
 *
 * @param id the changeset, as {@code file::id::author}
 * @param statements its SQL statements in order
 * @param runInTransaction whether Liquibase runs it in a transaction
 * @param comments its comment, where an acknowledgement marker may stand
 * @author migration-starter
 */
public record PendingChangeSet(String id, List<String> statements, boolean runInTransaction, String comments) {

	public PendingChangeSet {
		statements = List.copyOf(statements);
		comments = (comments != null) ? comments : "";
	}

	/**
	 * A changeset that runs in a transaction and has no comment.
	 * @param id the changeset, as {@code file::id::author}
	 * @param statements its SQL statements
	 * @return the changeset
	 */
	public static PendingChangeSet of(String id, String... statements) {
		return new PendingChangeSet(id, List.of(statements), true, "");
	}

}
