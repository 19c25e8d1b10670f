package dev.migrationstarter.metrics;

import java.util.Locale;

import dev.migrationstarter.core.MigrationEngine;
import dev.migrationstarter.core.MigrationExitCode;
import dev.migrationstarter.core.MigrationListener;
import dev.migrationstarter.core.MigrationReport;
import dev.migrationstarter.guard.Finding;
import dev.migrationstarter.guard.GuardListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Records every migration run in Micrometer meters.
 *
 * <ul>
 * <li>{@value #RUN} (timer): how long the run took, lock wait included; tags {@code name}
 * (the engine bean), {@code engine} ({@code liquibase} or {@code flyway}) and
 * {@code outcome} (the exit code's name, such as {@code success} or
 * {@code lock_timeout}).</li>
 * <li>{@value #APPLIED} (counter): migrations applied; tags {@code name} and
 * {@code engine}.</li>
 * <li>{@value #LOCK_WAIT} (timer): how long the run waited for the migration lock; tags
 * {@code name} and {@code engine}.</li>
 * <li>{@value #GUARD_FINDINGS} (counter): unsafe changes the zero-downtime guard found;
 * tags {@code rule} (the rule id), {@code engine} and {@code outcome} ({@code refused},
 * {@code acknowledged} or {@code warned}).</li>
 * </ul>
 *
 * @author migration-starter
 */
public class MigrationMeters implements MigrationListener, GuardListener {

	/**
	 * The name of the run duration timer.
	 */
	public static final String RUN = "migration.run";

	/**
	 * The name of the applied changesets counter.
	 */
	public static final String APPLIED = "migration.changesets.applied";

	/**
	 * The name of the lock wait timer.
	 */
	public static final String LOCK_WAIT = "migration.lock.wait";

	/**
	 * The name of the guard's findings counter.
	 */
	public static final String GUARD_FINDINGS = "migration.guard.findings";

	private final MeterRegistry registry;

	public MigrationMeters(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void migrationFinished(MigrationReport report, MigrationExitCode outcome) {
		String name = report.beanName();
		String engine = report.engine().tag();
		Timer.builder(RUN)
			.description("Duration of a migration run, lock wait included")
			.tag("name", name)
			.tag("engine", engine)
			.tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
			.register(this.registry)
			.record(report.duration());
		Counter.builder(APPLIED)
			.description("Changesets applied by migration runs")
			.baseUnit("changesets")
			.tag("name", name)
			.tag("engine", engine)
			.register(this.registry)
			.increment(report.applied());
		Timer.builder(LOCK_WAIT)
			.description("Time a migration run waited for the migration lock")
			.tag("name", name)
			.tag("engine", engine)
			.register(this.registry)
			.record(report.lockWait());
	}

	@Override
	public void findingJudged(Finding finding, Outcome outcome) {
		findingJudged(MigrationEngine.LIQUIBASE, finding, outcome);
	}

	@Override
	public void findingJudged(MigrationEngine engine, Finding finding, Outcome outcome) {
		Counter.builder(GUARD_FINDINGS)
			.description("Unsafe changes the zero-downtime guard found")
			.tag("rule", finding.rule().id())
			.tag("engine", engine.tag())
			.tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
			.register(this.registry)
			.increment();
	}

}
