package dev.migrationstarter.core;

import java.time.Duration;
import java.util.List;

/**
 * What one completed migration of one {@link MigrationTarget} did.
 *
 * @param beanName the name of the migrated engine bean
 * @param engine the engine that migrated it
 * @param target the migrated database, without credentials
 * @param applied the number of migrations applied
 * @param lockWait how long the migrator waited for the migration lock (and the engine's
 * own lock)
 * @param duration how long the migration took, lock wait included
 * @param changeSets the migrations applied, as their engine names them (for Liquibase
 * {@code file::id::author}), in order
 * @author migration-starter
 */
public record MigrationReport(String beanName, MigrationEngine engine, String target, int applied, Duration lockWait,
		Duration duration, List<String> changeSets) {

	public MigrationReport {
		changeSets = List.copyOf(changeSets);
	}

}
