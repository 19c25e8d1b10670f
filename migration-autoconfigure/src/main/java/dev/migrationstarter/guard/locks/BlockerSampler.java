package dev.migrationstarter.guard.locks;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Reads, while a changeset runs, which sessions block the migration session, on short
 * connections of the bean's own data source: once the lock timeout ends the wait, the
 * blockers can no longer be asked for.
 *
 * @author migration-starter
 */
public final class BlockerSampler implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(BlockerSampler.class);

	private static final Duration SHORTEST_PERIOD = Duration.ofMillis(200);

	private final DataSource dataSource;

	private final BlockingSessions sessions;

	private final String sessionId;

	private final long periodMillis;

	private final boolean enabled;

	private final ScheduledExecutorService executor;

	private ScheduledFuture<?> sampling;

	private volatile List<BlockingSession> lastBlockers = List.of();

	/**
	 * Create a sampler.
	 * @param dataSource where to open the short connections
	 * @param sessions how to find the blockers on this database
	 * @param sessionId the migration session's id
	 * @param lockTimeout the lock timeout; the blockers are read about twice within it,
	 * and never without one
	 */
	public BlockerSampler(DataSource dataSource, BlockingSessions sessions, String sessionId, Duration lockTimeout) {
		this.dataSource = dataSource;
		this.sessions = sessions;
		this.sessionId = sessionId;
		this.enabled = !lockTimeout.isZero();
		Duration third = lockTimeout.dividedBy(3);
		this.periodMillis = ((third.compareTo(SHORTEST_PERIOD) < 0) ? SHORTEST_PERIOD : third).toMillis();
		this.executor = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "migration-lock-blockers");
			thread.setDaemon(true);
			return thread;
		});
	}

	/**
	 * Start reading the blockers of a changeset that begins to run.
	 */
	public synchronized void start() {
		stop();
		this.lastBlockers = List.of();
		if (!this.enabled) {
			return;
		}
		this.sampling = this.executor.scheduleWithFixedDelay(this::sample, this.periodMillis, this.periodMillis,
				TimeUnit.MILLISECONDS);
	}

	/**
	 * Stop reading, keeping what was last read.
	 */
	public synchronized void stop() {
		if (this.sampling != null) {
			this.sampling.cancel(false);
			this.sampling = null;
		}
	}

	/**
	 * The blockers last read while the changeset ran.
	 * @return the blockers, empty if none was seen
	 */
	public List<BlockingSession> lastBlockers() {
		return this.lastBlockers;
	}

	private void sample() {
		try (Connection connection = this.dataSource.getConnection()) {
			List<BlockingSession> blockers = this.sessions.blockersOf(connection, this.sessionId);
			if (!blockers.isEmpty()) {
				this.lastBlockers = blockers;
			}
		}
		catch (SQLException | RuntimeException ex) {
			logger.debug("Could not read the sessions that block the migration session", ex);
		}
	}

	@Override
	public void close() {
		stop();
		this.executor.shutdownNow();
	}

}
