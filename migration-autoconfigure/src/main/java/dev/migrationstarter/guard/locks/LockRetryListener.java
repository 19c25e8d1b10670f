package dev.migrationstarter.guard.locks;

import java.time.Duration;

import dev.migrationstarter.core.MigrationEngine;

/**
 * Told about the migrations that hit the lock timeout; the meters are one.
 *
 * @author migration-starter
 */
public interface LockRetryListener {

	/**
	 * A changeset hit the lock timeout and is run again.
	 * @param beanName the {@code SpringLiquibase} bean
	 * @param changeSet the changeset, as file::id::author
	 */
	void retried(String beanName, String changeSet);

	/**
	 * A changeset that hit the lock timeout was applied, or given up: how long it lost to
	 * lock waits, from the start of its first attempt to the start of the one that
	 * applied it, or to giving up.
	 * @param beanName the {@code SpringLiquibase} bean
	 * @param changeSet the changeset, as file::id::author
	 * @param waited the time lost
	 */
	void waited(String beanName, String changeSet, Duration waited);

	/**
	 * A migration of a target of the given engine hit the lock timeout and is run again.
	 * @param engine the engine
	 * @param name the engine bean
	 * @param change the migration, as its engine names it
	 */
	default void retried(MigrationEngine engine, String name, String change) {
		retried(name, change);
	}

	/**
	 * A migration of a target of the given engine that hit the lock timeout was applied,
	 * or given up: how long it lost to lock waits.
	 * @param engine the engine
	 * @param name the engine bean
	 * @param change the migration, as its engine names it
	 * @param waited the time lost
	 */
	default void waited(MigrationEngine engine, String name, String change, Duration waited) {
		waited(name, change, waited);
	}

}
