package dev.migrationstarter.flyway;

import java.util.List;

import dev.migrationstarter.core.MigrationTarget;

/**
 * Turns the engine beans of one engine into {@link MigrationTarget}s, when they are asked
 * for rather than at startup.
 *
 * @author migration-starter
 */
@FunctionalInterface
public interface MigrationTargetFactory {

	/**
	 * The targets of the engine beans in the context.
	 * @return the targets, one per bean
	 */
	List<MigrationTarget> targets();

}
