package dev.migrationstarter.core;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The one place that finds the {@link MigrationTarget targets} of every engine: it asks
 * each engine's {@link MigrationTargetFactory}.
 *
 * @author migration-starter
 */
public class MigrationTargets {

	private final List<MigrationTargetFactory> factories;

	/**
	 * Create the collector.
	 * @param factories the factory of each engine in the application
	 */
	public MigrationTargets(List<MigrationTargetFactory> factories) {
		this.factories = List.copyOf(factories);
	}

	/**
	 * The targets of every engine for one use, engine by engine.
	 * @param use what the targets are for
	 * @return the targets
	 */
	public List<MigrationTarget> targets(MigrationTargetFactory.Use use) {
		List<MigrationTarget> targets = new ArrayList<>();
		for (MigrationTargetFactory factory : this.factories) {
			targets.addAll(factory.targets(use));
		}
		return targets;
	}

	/**
	 * The engines the application can migrate with.
	 * @return the engines, in the order of their factories
	 */
	public Set<MigrationEngine> engines() {
		return this.factories.stream()
			.map(MigrationTargetFactory::engine)
			.collect(Collectors.toCollection(LinkedHashSet::new));
	}

	/**
	 * The first failure an engine reports for migrations that no bean of it migrates.
	 * @return the failure, or {@code null}
	 */
	public MigrationException unmigrated() {
		for (MigrationTargetFactory factory : this.factories) {
			MigrationException failure = factory.unmigrated();
			if (failure != null) {
				return failure;
			}
		}
		return null;
	}

	/**
	 * Why no engine has a target to migrate, for a last line: {@code Liquibase migration
	 * is configured (spring.liquibase.enabled=false, ...)}, after a "no".
	 * @return the description
	 */
	public String describeNoTarget() {
		if (this.factories.isEmpty()) {
			return "migration is configured (no migration engine, such as Liquibase or Flyway, is on the class path)";
		}
		return engines().stream().map(MigrationEngine::displayName).collect(Collectors.joining(" or "))
				+ " migration is configured ("
				+ this.factories.stream().map(MigrationTargetFactory::noTargetReason).collect(Collectors.joining("; "))
				+ ")";
	}

}
