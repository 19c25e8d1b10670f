package dev.migrationstarter.metrics;

import java.time.Duration;

import dev.migrationstarter.core.MigrationEngine;
import dev.migrationstarter.guard.locks.LockRetryListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Records the changesets that hit the lock timeout in Micrometer meters.
 *
 * <ul>
 * <li>{@value #RETRIES} (counter): attempts of a changeset run again after a lock
 * timeout; tags {@code name} (the engine bean) and {@code engine}.</li>
 * <li>{@value #WAIT} (timer): per changeset that hit the lock timeout, the time it lost
 * to lock waits until the attempt that applied it began, or until it was given up; tags
 * {@code name} and {@code engine}.</li>
 * </ul>
 *
 * @author migration-starter
 */
public class LockRetryMeters implements LockRetryListener {

	/**
	 * The name of the retry counter.
	 */
	public static final String RETRIES = "migration.guard.lock.retries";

	/**
	 * The name of the timer of the time lost to lock waits.
	 */
	public static final String WAIT = "migration.guard.lock.wait";

	private final MeterRegistry registry;

	public LockRetryMeters(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void retried(String beanName, String changeSet) {
		retried(MigrationEngine.LIQUIBASE, beanName, changeSet);
	}

	@Override
	public void waited(String beanName, String changeSet, Duration waited) {
		waited(MigrationEngine.LIQUIBASE, beanName, changeSet, waited);
	}

	@Override
	public void retried(MigrationEngine engine, String name, String change) {
		Counter.builder(RETRIES)
			.description("Changeset attempts run again after a lock timeout")
			.baseUnit("retries")
			.tag("name", name)
			.tag("engine", engine.tag())
			.register(this.registry)
			.increment();
	}

	@Override
	public void waited(MigrationEngine engine, String name, String change, Duration waited) {
		Timer.builder(WAIT)
			.description("Time a changeset that hit the lock timeout lost to lock waits")
			.tag("name", name)
			.tag("engine", engine.tag())
			.register(this.registry)
			.record(waited);
	}

}
