package dev.migrationstarter.guard.locks;

import java.time.Duration;

/**
 * Told about the changesets that hit the lock timeout; the meters are one.
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

}
