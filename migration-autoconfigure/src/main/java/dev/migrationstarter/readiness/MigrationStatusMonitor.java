package dev.migrationstarter.readiness;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

import dev.migrationstarter.core.MigrationStatus;
import dev.migrationstarter.core.MigrationTarget;
import dev.migrationstarter.core.StatusUnavailableException;

import org.springframework.beans.factory.DisposableBean;

/**
 * Keeps the last {@link MigrationStatus} of one {@link MigrationTarget} and reads the
 * database again only when that result is stale, on a background thread, one read at a
 * time.
 *
 * <p>
 * However often it is asked, it sends at most one query per refresh interval while the
 * schema is behind, and one per up-to-date interval once it has caught up. A caller waits
 * for a read only when there is no earlier result, and then for at most the probe
 * timeout. A later read that the database leaves unanswered for the read timeout counts
 * as failed, whatever the pool's own connection timeout.
 *
 * @author migration-starter
 */
public class MigrationStatusMonitor implements DisposableBean {

	private final MigrationTarget target;

	private final ReadinessSettings settings;

	private final LongSupplier nanoTime;

	private final ExecutorService executor;

	private volatile Observation last;

	private CompletableFuture<Observation> inFlight;

	private long inFlightSince;

	public MigrationStatusMonitor(MigrationTarget target, ReadinessSettings settings) {
		this(target, settings, System::nanoTime);
	}

	MigrationStatusMonitor(MigrationTarget target, ReadinessSettings settings, LongSupplier nanoTime) {
		this.target = target;
		this.settings = settings;
		this.nanoTime = nanoTime;
		this.executor = Executors.newSingleThreadExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "migration-status");
			thread.setDaemon(true);
			return thread;
		});
	}

	/**
	 * Start the first read (which may parse the migrations) in the background.
	 */
	public void start() {
		refresh();
	}

	/**
	 * The latest observation, or {@code null} when the first read has not finished within
	 * the probe timeout.
	 * @return the observation
	 */
	public Observation current() {
		Observation observation = this.last;
		if (observation != null && !isStale(observation)) {
			return observation;
		}
		CompletableFuture<Observation> refresh = refresh();
		Observation unanswered = unansweredRead();
		if (unanswered != null || observation != null) {
			return (unanswered != null) ? unanswered : observation;
		}
		try {
			return refresh.get(this.settings.probeTimeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			return unansweredRead();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException(ex.getCause());
		}
	}

	/**
	 * The latest observation without waiting for one, or {@code null} before the first
	 * read; starts a read in the background when it is stale.
	 * @return the observation
	 */
	public Observation latest() {
		Observation observation = this.last;
		if (observation == null || isStale(observation)) {
			refresh();
			Observation unanswered = unansweredRead();
			return (unanswered != null) ? unanswered : observation;
		}
		return observation;
	}

	/**
	 * A failed observation when the read in flight has waited longer than the read
	 * timeout: a database that stops answering can keep a read waiting for as long as the
	 * pool's connection timeout, and readiness must not wait for that. The first read is
	 * exempt: it may parse the changelog, which takes its own time, and readiness is not
	 * up before it anyway.
	 */
	private synchronized Observation unansweredRead() {
		if (this.last == null || this.inFlight == null || this.inFlight.isDone()) {
			return null;
		}
		long now = this.nanoTime.getAsLong();
		Duration waited = Duration.ofNanos(now - this.inFlightSince);
		if (waited.compareTo(this.settings.readTimeout()) < 0) {
			return null;
		}
		Observation observation = new Observation(null,
				new StatusUnavailableException(
						"No answer from " + this.target.statusDatabase() + " within "
								+ this.settings.readTimeout().toMillis()
								+ " ms (migration.readiness.read-timeout); waiting " + waited.toMillis() + " ms so far",
						null),
				now);
		this.last = observation;
		return observation;
	}

	private boolean isStale(Observation observation) {
		long age = this.nanoTime.getAsLong() - observation.readAtNanos();
		boolean upToDate = observation.status() != null && observation.status().isUpToDate();
		return age >= (upToDate ? this.settings.upToDateInterval() : this.settings.refreshInterval()).toNanos();
	}

	private synchronized CompletableFuture<Observation> refresh() {
		if (this.inFlight == null || this.inFlight.isDone()) {
			this.inFlightSince = this.nanoTime.getAsLong();
			this.inFlight = CompletableFuture.supplyAsync(this::read, this.executor);
		}
		return this.inFlight;
	}

	private Observation read() {
		Observation observation;
		try {
			observation = new Observation(this.target.readStatus(this.settings.readTimeout(), false), null,
					this.nanoTime.getAsLong());
		}
		catch (StatusUnavailableException ex) {
			StatusUnavailableException failure = ex.isChangelogProblem() ? ex
					: new StatusUnavailableException(this.target.statusDatabase() + ": " + ex.getMessage(), ex);
			observation = new Observation(null, failure, this.nanoTime.getAsLong());
		}
		this.last = observation;
		return observation;
	}

	/**
	 * The target this monitor reads.
	 * @return the target
	 */
	public MigrationTarget target() {
		return this.target;
	}

	@Override
	public void destroy() {
		this.executor.shutdownNow();
	}

	/**
	 * One read of the database: a status, or why there is none.
	 *
	 * @param status the status, or {@code null} when the read failed
	 * @param failure why the read failed, or {@code null}
	 * @param readAtNanos when the read finished, on the monitor's clock
	 */
	public record Observation(MigrationStatus status, StatusUnavailableException failure, long readAtNanos) {

	}

}
