package dev.migrationstarter.metrics;

import java.util.Map;
import java.util.function.ToDoubleFunction;

import dev.migrationstarter.core.MigrationStatus;
import dev.migrationstarter.readiness.MigrationStatusMonitor.Observation;
import dev.migrationstarter.readiness.MigrationStatusMonitor;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Gauges of the schema status that the readiness check observes.
 *
 * <ul>
 * <li>{@value #PENDING}: changesets of the application's changelog that the database
 * lacks; tags {@code name} (the engine bean) and {@code engine}.</li>
 * <li>{@value #UP_TO_DATE}: 1 when the database holds every changeset (or more), 0 when
 * it lacks some; tags {@code name} and {@code engine}.</li>
 * </ul>
 * Both are NaN until the first read and while the database cannot be read. Reading a
 * gauge never waits for the database: it answers from the last read, which the check
 * refreshes at its own intervals.
 *
 * @author migration-starter
 */
public class MigrationStatusMeterBinder implements MeterBinder {

	/**
	 * The name of the pending changesets gauge.
	 */
	public static final String PENDING = "migration.changesets.pending";

	/**
	 * The name of the schema up-to-date gauge.
	 */
	public static final String UP_TO_DATE = "migration.schema.uptodate";

	private final Map<String, MigrationStatusMonitor> monitors;

	public MigrationStatusMeterBinder(Map<String, MigrationStatusMonitor> monitors) {
		this.monitors = monitors;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.monitors.forEach((name, monitor) -> {
			gauge(registry, PENDING, "Changesets of the changelog that the database lacks", name, monitor,
					(status) -> status.pending().size());
			gauge(registry, UP_TO_DATE, "1 when the database holds every changeset of the changelog, else 0", name,
					monitor, (status) -> status.isUpToDate() ? 1 : 0);
		});
	}

	private static void gauge(MeterRegistry registry, String meter, String description, String name,
			MigrationStatusMonitor monitor, ToDoubleFunction<MigrationStatus> value) {
		Gauge.builder(meter, monitor, (source) -> {
			Observation observation = source.latest();
			return (observation != null && observation.status() != null) ? value.applyAsDouble(observation.status())
					: Double.NaN;
		})
			.description(description)
			.tag("name", name)
			.tag("engine", monitor.target().engine().tag())
			.strongReference(true)
			.register(registry);
	}

}
