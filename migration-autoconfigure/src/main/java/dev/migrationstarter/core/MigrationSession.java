package dev.migrationstarter.core;

import java.time.Duration;

/**
 * The database session that holds a session migration lock, identified so that a lock
 * recorded with its id can later be told to belong to a session that is gone.
 *
 * @author migration-starter
 */
public interface MigrationSession {

	/**
	 * The session's id, unique on its database server while the session lives.
	 * @return the id, such as {@code pg-4711-1764637200123}
	 */
	String id();

	/**
	 * Whether the session of the given id no longer exists on the database server.
	 * @param sessionId an id as {@link #id()} gives it
	 * @return {@code true} only when the session is provably gone
	 */
	boolean isGone(String sessionId);

	/**
	 * How long a wait for another lock that this session's holder takes (such as an
	 * engine's own lock) may last: the migration lock's wait timeout.
	 * @return the wait timeout
	 */
	Duration waitTimeout();

	/**
	 * How often such a wait checks again.
	 * @return the poll interval
	 */
	Duration pollInterval();

}
