package dev.migrationstarter.readiness;

import java.util.List;

import dev.migrationstarter.core.ChangeRef;
import dev.migrationstarter.core.MigrationStatus;
import dev.migrationstarter.readiness.MigrationStatusMonitor.Observation;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Reports {@code OUT_OF_SERVICE} while the database lacks migrations of the application
 * (changesets, Flyway migrations), {@code UP} when it holds all of them (even when it
 * holds more), and {@code DOWN} when it cannot be read.
 *
 * @author migration-starter
 */
public class MigrationReadinessHealthIndicator implements HealthIndicator {

	private static final int LISTED_PENDING_CHANGE_SETS = 5;

	private final MigrationStatusMonitor monitor;

	private final boolean failWhenAhead;

	public MigrationReadinessHealthIndicator(MigrationStatusMonitor monitor, boolean failWhenAhead) {
		this.monitor = monitor;
		this.failWhenAhead = failWhenAhead;
	}

	// an observation is immutable, so its answer is built once: a probe of an unchanged
	// status costs a reference comparison
	private volatile Answer lastAnswer;

	@Override
	public Health health() {
		Observation observation = this.monitor.current();
		if (observation == null) {
			return Health.outOfService().withDetail("reason", "the first check is still running").build();
		}
		Answer answer = this.lastAnswer;
		if (answer == null || answer.observation() != observation) {
			answer = new Answer(observation, health(observation));
			this.lastAnswer = answer;
		}
		return answer.health();
	}

	private Health health(Observation observation) {
		if (observation.failure() != null) {
			return Health.down().withDetail("error", observation.failure().getMessage()).build();
		}
		MigrationStatus status = observation.status();
		String changes = this.monitor.target().engine().changeNoun() + "s";
		Health.Builder health;
		if (!status.isUpToDate()) {
			health = Health.outOfService().withDetail("reason", "the database lacks " + changes + " of this version");
		}
		else if (status.isAhead() && this.failWhenAhead) {
			health = Health.outOfService()
				.withDetail("reason", "the database holds " + changes + " this version does not know");
		}
		else {
			health = Health.up();
		}
		List<String> firstPending = status.pending()
			.stream()
			.limit(LISTED_PENDING_CHANGE_SETS)
			.map(ChangeRef::toString)
			.toList();
		return health.withDetail("pending", status.pending().size())
			.withDetail("firstPending", firstPending)
			.withDetail("applied", status.applied())
			.withDetail("unknown", status.unknown())
			.withDetail("checkedAt", status.checkedAt().toString())
			.build();
	}

	private record Answer(Observation observation, Health health) {

	}

}
