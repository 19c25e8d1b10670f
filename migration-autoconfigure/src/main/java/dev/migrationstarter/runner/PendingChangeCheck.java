package dev.migrationstarter.runner;

import dev.migrationstarter.status.ChangelogStatusReader;
import liquibase.integration.spring.SpringLiquibase;

/**
 * Judges a bean's pending changesets before {@code --migrate-only} takes the migration
 * lock; the zero-downtime guard is one.
 *
 * @author migration-starter
 */
@FunctionalInterface
public interface PendingChangeCheck {

	/**
	 * Check the bean's pending changesets.
	 * @param beanName the bean name
	 * @param liquibase the bean
	 * @param statusReader the reader that found the changesets pending, or {@code null}
	 * @throws MigrationException to refuse the migration
	 */
	void check(String beanName, SpringLiquibase liquibase, ChangelogStatusReader statusReader);

}
