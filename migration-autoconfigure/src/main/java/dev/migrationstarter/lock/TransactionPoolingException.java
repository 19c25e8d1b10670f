package dev.migrationstarter.lock;

/**
 * Thrown when the migration connection reaches PostgreSQL through a pooler that hands out
 * database sessions per transaction or per statement, so that a session lock and session
 * settings would not stay with the migration.
 *
 * @author migration-starter
 */
public class TransactionPoolingException extends RuntimeException {

	TransactionPoolingException(String evidence) {
		super("The migration connection reaches PostgreSQL through a pooler in transaction or statement mode "
				+ "(such as PgBouncer pool_mode=transaction): " + evidence
				+ ", so the session migration lock would not stay with the migration; refused before taking it");
	}

}
