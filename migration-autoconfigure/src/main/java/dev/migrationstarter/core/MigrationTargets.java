package dev.migrationstarter.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.StringUtils;

/**
 * The one place that finds the {@link MigrationTarget targets} of every engine: it asks
 * each engine's {@link MigrationTargetFactory}.
 *
 * @author migration-starter
 */
public class MigrationTargets {

	private final List<MigrationTargetFactory> factories;

	private final Environment environment;

	private final ResourceLoader resourceLoader;

	/**
	 * Create the collector.
	 * @param factories the factory of each engine in the application; their targets come
	 * in the order of the engines, whatever the order of the factories
	 * @param environment holds where each engine's migrations are
	 * @param resourceLoader finds migrations at an engine's default location
	 */
	public MigrationTargets(List<MigrationTargetFactory> factories, Environment environment,
			ResourceLoader resourceLoader) {
		this.factories = factories.stream().sorted(Comparator.comparing(MigrationTargetFactory::engine)).toList();
		this.environment = environment;
		this.resourceLoader = resourceLoader;
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
	 * @return the engines, in their order
	 */
	public Set<MigrationEngine> engines() {
		return this.factories.stream()
			.map(MigrationTargetFactory::engine)
			.collect(Collectors.toCollection(LinkedHashSet::new));
	}

	/**
	 * The first failure for migrations that no bean migrates: an engine reports its own,
	 * and migrations of an engine that is not in the application at all (its property
	 * set, or migrations at its default location) are one too.
	 * @return the failure, or {@code null}
	 */
	public MigrationException unmigrated() {
		for (MigrationTargetFactory factory : this.factories) {
			MigrationException failure = factory.unmigrated();
			if (failure != null) {
				return failure;
			}
		}
		if (!this.factories.isEmpty()) {
			return null;
		}
		for (MigrationEngine engine : MigrationEngine.values()) {
			String source = sourceOf(engine);
			if (source != null) {
				return new MigrationException(MigrationExitCode.CHANGELOG_INVALID,
						"No " + engine.displayName() + " bean migrates " + source + " (" + engine.displayName()
								+ " is not in the application, or its migrations are switched off)",
						"add " + engine.displayName() + " to the application's dependencies, or remove "
								+ engine.sourceProperty() + " and the migrations",
						null);
			}
		}
		return null;
	}

	private String sourceOf(MigrationEngine engine) {
		String configured = this.environment.getProperty(engine.sourceProperty());
		if (StringUtils.hasText(configured)) {
			return configured + " (" + engine.sourceProperty() + ")";
		}
		return this.resourceLoader.getResource(engine.defaultSource()).exists()
				? engine.defaultSource() + " (Spring Boot's default location)" : null;
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
