package dev.migrationstarter.runner;

import java.time.Duration;
import java.util.List;

/**
 * What one completed migration of one {@code SpringLiquibase} bean did.
 *
 * @param beanName the name of the migrated bean
 * @param target the migrated database, without credentials
 * @param applied the number of changesets applied
 * @param lockWait how long the migrator waited for the migration lock
 * @param duration how long the migration took, lock wait included
 * @param changeSets the changesets applied, as {@code file::id::author}, in order
 * @author migration-starter
 */
public record MigrationReport(String beanName, String target, int applied, Duration lockWait, Duration duration,
		List<String> changeSets) {

	public MigrationReport {
		changeSets = List.copyOf(changeSets);
	}

}
