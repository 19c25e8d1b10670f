package dev.migrationstarter.core;

/**
 * Judges a target's pending migrations before {@code --migrate-only} takes the migration
 * lock; the zero-downtime guard is one.
 *
 * @author migration-starter
 */
@FunctionalInterface
public interface PendingChangeCheck {

	/**
	 * Check the target's pending migrations.
	 * @param target the target about to migrate
	 * @throws MigrationException to refuse the migration
	 */
	void check(MigrationTarget target);

}
