package dev.migrationstarter.core;

import java.util.List;

/**
 * Makes a {@link MigrationTarget} of each bean of one engine in the application; each
 * engine contributes one as a bean, and {@link MigrationTargets} asks them all.
 *
 * @author migration-starter
 */
public interface MigrationTargetFactory {

	/**
	 * The engine whose beans this factory turns into targets.
	 * @return the engine
	 */
	MigrationEngine engine();

	/**
	 * The targets for one use, in the order of the beans.
	 * @param use what the targets are for
	 * @return the targets
	 */
	List<MigrationTarget> targets(Use use);

	/**
	 * Why this engine has no target to migrate, for the last line of a
	 * {@code --migrate-only} that found none.
	 * @return the likely causes, such as {@code spring.liquibase.enabled=false}
	 */
	String noTargetReason();

	/**
	 * The failure to end a {@code --migrate-only} with when the engine has no bean at all
	 * although the application carries migrations for it (a changelog at Spring Boot's
	 * default location with {@code spring.liquibase.enabled=false}).
	 * @return the failure, or {@code null} when nothing is left unmigrated
	 */
	default MigrationException unmigrated() {
		return null;
	}

	/**
	 * What a set of targets is for.
	 */
	enum Use {

		/**
		 * {@code --migrate-only} and its dry run: the beans a release phase migrates
		 * (those that would have migrated on start-up), read through the data source that
		 * migrates them.
		 */
		MIGRATE,

		/**
		 * {@code --migration-status} and {@code --await-schema}: the beans a release
		 * phase migrates, read as the running application reads them.
		 */
		CHECK,

		/**
		 * The readiness check and the status gauges: every bean, read as the running
		 * application reads it.
		 */
		MONITOR

	}

}
