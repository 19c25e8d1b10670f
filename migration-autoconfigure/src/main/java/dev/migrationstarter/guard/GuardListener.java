package dev.migrationstarter.guard;

import dev.migrationstarter.core.MigrationEngine;

/**
 * Told what {@code --migrate-only} did with each finding of the {@link MigrationGuard}.
 *
 * @author migration-starter
 */
@FunctionalInterface
public interface GuardListener {

	/**
	 * A finding was judged.
	 * @param finding the finding
	 * @param outcome what became of it
	 */
	void findingJudged(Finding finding, Outcome outcome);

	/**
	 * A finding of a target of the given engine was judged.
	 * @param engine the engine of the target whose migration was judged
	 * @param finding the finding
	 * @param outcome what became of it
	 */
	default void findingJudged(MigrationEngine engine, Finding finding, Outcome outcome) {
		findingJudged(finding, outcome);
	}

	/**
	 * What became of a finding.
	 */
	enum Outcome {

		/**
		 * It stopped the migration.
		 */
		REFUSED,

		/**
		 * The team acknowledged it; the migration went on.
		 */
		ACKNOWLEDGED,

		/**
		 * It was logged ({@code migration.guard.policy=warn}); the migration went on.
		 */
		WARNED

	}

}
