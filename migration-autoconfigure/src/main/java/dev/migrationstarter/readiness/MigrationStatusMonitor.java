package dev.migrationstarter.readiness;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

import dev.migrationstarter.status.ChangelogStatusReader;
import dev.migrationstarter.status.MigrationStatus;
import dev.migrationstarter.status.StatusUnavailableException;

import org.springframework.beans.factory.DisposableBean;

/**
 * Keeps the last {@link MigrationStatus} of one changelog and reads the database again
 * only when that result is stale, on a background thread, one read at a time.
 *
 * <p>
 * However often it is asked, it sends at most one query per refresh interval while the
 * schema is behind, and one per up-to-date interval once it has caught up. A caller waits
 * for a read only when there is no earlier result, and then for at most the probe
 * timeout.
 *
 * @author migration-starter
 */
public class MigrationStatusMonitor implements DisposableBean {

	private final ChangelogStatusReader reader;

	private final ReadinessSettings settings;

	private final LongSupplier nanoTime;

	private final ExecutorService executor;

	private volatile Observation last;

	private CompletableFuture<Observation> inFlight;

	public MigrationStatusMonitor(ChangelogStatusReader reader, ReadinessSettings settings) {
		this(reader, settings, System::nanoTime);
	}

	MigrationStatusMonitor(ChangelogStatusReader reader, ReadinessSettings settings, LongSupplier nanoTime) {
		this.reader = reader;
		this.settings = settings;
		this.nanoTime = nanoTime;
		this.executor = Executors.newSingleThreadExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "migration-status");
			thread.setDaemon(true);
			return thread;
		});
	}

	/**
	 * Start the first read (which also parses the changelog) in the background.
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
		if (observation != null) {
			return observation;
		}
		try {
			return refresh.get(this.settings.probeTimeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			return null;
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
		}
		return observation;
	}

	private boolean isStale(Observation observation) {
		long age = this.nanoTime.getAsLong() - observation.readAtNanos();
		boolean upToDate = observation.status() != null && observation.status().isUpToDate();
		return age >= (upToDate ? this.settings.upToDateInterval() : this.settings.refreshInterval()).toNanos();
	}

	private synchronized CompletableFuture<Observation> refresh() {
		if (this.inFlight == null || this.inFlight.isDone()) {
			this.inFlight = CompletableFuture.supplyAsync(this::read, this.executor);
		}
		return this.inFlight;
	}

	private Observation read() {
		Observation observation;
		try {
			observation = new Observation(this.reader.read(), null, this.nanoTime.getAsLong());
		}
		catch (StatusUnavailableException ex) {
			observation = new Observation(null, ex, this.nanoTime.getAsLong());
		}
		this.last = observation;
		return observation;
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
