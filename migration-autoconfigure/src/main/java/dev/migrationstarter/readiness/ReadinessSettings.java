package dev.migrationstarter.readiness;

import java.time.Duration;

/**
 * How often the readiness check reads the database and how long a probe may wait.
 *
 * @param refreshInterval the shortest time between two reads while the schema is behind
 * or the database cannot be read
 * @param upToDateInterval the time between two reads once the schema is up to date
 * @param probeTimeout the longest a probe waits for a read before it answers from the
 * last result
 * @param readTimeout the longest a read may go unanswered before the check reports the
 * database down
 * @param failWhenAhead whether changesets the application does not know make it unready
 * @author migration-starter
 */
public record ReadinessSettings(Duration refreshInterval, Duration upToDateInterval, Duration probeTimeout,
		Duration readTimeout, boolean failWhenAhead) {

}
