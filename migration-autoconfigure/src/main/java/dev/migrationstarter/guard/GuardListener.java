package dev.migrationstarter.guard;

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
