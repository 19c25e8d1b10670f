package dev.migrationstarter.lock;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;

import javax.sql.DataSource;

import dev.migrationstarter.core.MigrationSession;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * A {@link SessionMigrationLock} that this process holds, through the connection whose
 * session holds it.
 *
 * @author migration-starter
 */
final class HeldSessionLock implements HeldMigrationLock {

	private static final Log logger = LogFactory.getLog(HeldSessionLock.class);

	private final SessionMigrationLock lock;

	private final Connection connection;

	private final String owner;

	private final Duration waited;

	private final MigrationSession session;

	private final SessionDataSource dataSource;

	private final SessionWatch watch;

	HeldSessionLock(SessionMigrationLock lock, Connection connection, String owner, Duration waited,
			MigrationSession session, Callable<Boolean> sessionExists) {
		this.lock = lock;
		this.connection = connection;
		this.owner = owner;
		this.waited = waited;
		this.session = session;
		this.dataSource = new SessionDataSource(connection);
		this.watch = SessionWatch.start(sessionExists, connection, this.dataSource,
				lock.settings().connectionLostTimeout());
	}

	@Override
	public Duration waited() {
		return this.waited;
	}

	@Override
	public DataSource dataSource() {
		return this.dataSource;
	}

	@Override
	public Optional<MigrationSession> session() {
		return Optional.of(this.session);
	}

	@Override
	public void close() {
		this.watch.close();
		String lockName = this.lock.settings().lockName();
		try {
			if (!this.connection.getAutoCommit()) {
				this.connection.rollback();
				this.connection.setAutoCommit(true);
			}
			SessionMigrationLock.update(this.connection, "UPDATE " + this.lock.settings().tableName()
					+ " SET lock_until = locked_at WHERE name = ? AND locked_by = ?", lockName, this.owner);
			this.lock.unlock(this.connection);
			logger.debug("Released migration lock '" + lockName + "'");
		}
		catch (SQLException ex) {
			// the session is gone or broken: the database released its lock with it
			logger.debug("Could not release migration lock '" + lockName + "' on its session; closing it", ex);
		}
		finally {
			SessionMigrationLock.closeQuietly(this.connection);
		}
	}

}
