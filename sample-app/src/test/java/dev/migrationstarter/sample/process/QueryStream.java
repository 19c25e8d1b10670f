package dev.migrationstarter.sample.process;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import dev.migrationstarter.testsupport.TestDatabase;

/**
 * A steady stream of queries on a table, one after the other on one connection, as the
 * running version's traffic; it measures how long each query waited.
 *
 * @author migration-starter
 */
final class QueryStream implements AutoCloseable {

	private final Connection connection;

	private final String query;

	private final Thread thread;

	private final List<Long> latencies = Collections.synchronizedList(new ArrayList<>());

	private volatile long inFlightSince;

	private volatile boolean running = true;

	private volatile SQLException failure;

	private QueryStream(Connection connection, String query) {
		this.connection = connection;
		this.query = query;
		this.thread = new Thread(this::run, "query-stream");
		this.thread.setDaemon(true);
	}

	/**
	 * Start the stream.
	 * @param database the database
	 * @param query the query to run again and again
	 * @return the running stream
	 */
	static QueryStream start(TestDatabase database, String query) {
		try {
			QueryStream stream = new QueryStream(database.dataSource().getConnection(), query);
			stream.thread.start();
			return stream;
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private void run() {
		try (Statement statement = this.connection.createStatement()) {
			while (this.running) {
				long started = System.nanoTime();
				this.inFlightSince = started;
				statement.executeQuery(this.query).close();
				this.inFlightSince = 0;
				this.latencies.add(System.nanoTime() - started);
			}
		}
		catch (SQLException ex) {
			if (this.running) {
				this.failure = ex;
			}
		}
	}

	/**
	 * The longest wait of a query so far, counting the one in flight.
	 * @return the longest wait
	 */
	Duration longestWait() {
		long inFlight = this.inFlightSince;
		long longest = (inFlight != 0) ? System.nanoTime() - inFlight : 0;
		synchronized (this.latencies) {
			for (long latency : this.latencies) {
				longest = Math.max(longest, latency);
			}
		}
		return Duration.ofNanos(longest);
	}

	/**
	 * The waits of all completed queries, in nanoseconds.
	 * @return the waits
	 */
	List<Long> latencies() {
		synchronized (this.latencies) {
			return List.copyOf(this.latencies);
		}
	}

	/**
	 * How many queries completed.
	 * @return the count
	 */
	int completed() {
		return this.latencies.size();
	}

	SQLException failure() {
		return this.failure;
	}

	@Override
	public void close() {
		this.running = false;
		try {
			this.thread.join(Duration.ofSeconds(30).toMillis());
			this.connection.close();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
