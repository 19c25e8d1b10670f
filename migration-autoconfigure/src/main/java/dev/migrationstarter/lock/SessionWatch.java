package dev.migrationstarter.lock;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.migrationstarter.core.Durations;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Watches, from the side, the database session that holds a session lock while the
 * migration runs on it, and abandons the session when the database stops answering.
 *
 * <p>
 * A migrator cut off from its database (dropped packets, a partition) would otherwise
 * wait for ever in a socket read of the statement it sent, since JDBC drivers read
 * without a timeout by default and a migration's statements may rightly run for hours. So
 * every few seconds a short check on another connection asks whether the session still
 * exists. When no check has been answered for the connection-lost timeout, or the
 * database answers that the session is gone, the session's connection is aborted: the
 * statement waiting on it fails at once and the migration ends as a lost connection. The
 * database rolls back what the session left unfinished when it ends the session, and only
 * then frees the lock, so a successor never runs beside it.
 *
 * @author migration-starter
 */
final class SessionWatch implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(SessionWatch.class);

	private static final Duration LONGEST_CHECK_INTERVAL = Duration.ofSeconds(10);

	private static final Duration SHORTEST_CHECK_INTERVAL = Duration.ofMillis(500);

	private final Callable<Boolean> sessionExists;

	private final Connection session;

	private final SessionDataSource dataSource;

	private final Duration timeout;

	private final ScheduledExecutorService executor;

	private final AtomicBoolean abandoned = new AtomicBoolean();

	private volatile long lastAnswer = System.nanoTime();

	private SessionWatch(Callable<Boolean> sessionExists, Connection session, SessionDataSource dataSource,
			Duration timeout) {
		this.sessionExists = sessionExists;
		this.session = session;
		this.dataSource = dataSource;
		this.timeout = timeout;
		// one thread asks, and may hang on a dead network; the other judges the silence
		this.executor = Executors.newScheduledThreadPool(2, (runnable) -> {
			Thread thread = new Thread(runnable, "migration-session-watch");
			thread.setDaemon(true);
			return thread;
		});
	}

	/**
	 * Start watching a session.
	 * @param sessionExists asks the database, on another connection, whether the session
	 * still exists; throws when the database does not answer
	 * @param session the connection of the session
	 * @param dataSource the data source that hands the session out to the migration
	 * @param timeout how long without an answer before the session is abandoned
	 * @return the running watch
	 */
	static SessionWatch start(Callable<Boolean> sessionExists, Connection session, SessionDataSource dataSource,
			Duration timeout) {
		SessionWatch watch = new SessionWatch(sessionExists, session, dataSource, timeout);
		long interval = checkInterval(timeout).toMillis();
		watch.executor.scheduleWithFixedDelay(watch::check, interval, interval, TimeUnit.MILLISECONDS);
		watch.executor.scheduleAtFixedRate(watch::judgeSilence, interval, interval, TimeUnit.MILLISECONDS);
		return watch;
	}

	static Duration checkInterval(Duration timeout) {
		Duration fifth = timeout.dividedBy(5);
		if (fifth.compareTo(SHORTEST_CHECK_INTERVAL) < 0) {
			return SHORTEST_CHECK_INTERVAL;
		}
		return (fifth.compareTo(LONGEST_CHECK_INTERVAL) > 0) ? LONGEST_CHECK_INTERVAL : fifth;
	}

	private void check() {
		try {
			if (Boolean.TRUE.equals(this.sessionExists.call())) {
				this.lastAnswer = System.nanoTime();
			}
			else {
				abandon("The database ended the migration's session");
			}
		}
		catch (Exception ex) {
			logger.debug("The database did not answer a check of the migration's session", ex);
		}
	}

	private void judgeSilence() {
		Duration silence = Duration.ofNanos(System.nanoTime() - this.lastAnswer);
		if (silence.compareTo(this.timeout) >= 0) {
			abandon("No answer from the database for " + Durations.format(silence)
					+ " (migration.lock.connection-lost-timeout is " + Durations.format(this.timeout) + ")");
		}
	}

	private void abandon(String reason) {
		if (!this.abandoned.compareAndSet(false, true)) {
			return;
		}
		logger.error(reason + "; abandoning the migration's session. The database rolls back what the session"
				+ " left unfinished when it ends the session, and only then frees the migration lock.");
		this.dataSource.abandon(new SQLNonTransientConnectionException(reason, "08006"));
		try {
			this.session.abort(Runnable::run);
		}
		catch (SQLException | RuntimeException ex) {
			logger.debug("Could not abort the migration's session", ex);
		}
		this.executor.shutdown();
	}

	@Override
	public void close() {
		this.executor.shutdownNow();
	}

}
