package dev.migrationstarter.liquibase;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.migrationstarter.core.Durations;
import dev.migrationstarter.core.MigrationSession;
import dev.migrationstarter.lock.LockNotAcquiredException;
import liquibase.database.Database;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.DatabaseException;
import liquibase.exception.LiquibaseException;
import liquibase.lockservice.DatabaseChangeLogLock;
import liquibase.lockservice.LockService;
import liquibase.lockservice.LockServiceFactory;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Takes Liquibase's {@code DATABASECHANGELOGLOCK} for a migration before Liquibase's
 * update asks for it, breaking a held one only when its holder is provably gone.
 *
 * <p>
 * Under a session lock, the lock row is marked with the migration's database session, and
 * a held row is broken only when it carries such a mark and that session no longer
 * exists; any other holder (an application migrating on start-up, the Liquibase CLI) is
 * waited for, named, up to the migration lock's wait timeout. Under a lease (H2 and
 * unknown databases) a held row is released at once, since no other migrator of this
 * starter can hold it while this one holds the lease.
 *
 * @author migration-starter
 */
final class LiquibaseChangelogLock {

	private static final Log logger = LogFactory.getLog(LiquibaseChangelogLock.class);

	private static final String MARK = " migration-starter session ";

	private static final Pattern MARKED_SESSION = Pattern.compile(Pattern.quote(MARK.strip()) + " (\\S+)");

	private LiquibaseChangelogLock() {
	}

	/**
	 * Take Liquibase's lock for the update that follows.
	 * @param database the database the update runs on
	 * @param session the session that holds the migration lock, or empty under a lease
	 * @return the lock's row as this migrator marked it, to release after the update if
	 * Liquibase did not; empty under a lease, where Liquibase's update takes the lock
	 * @throws LiquibaseException if the lock could not be taken
	 */
	static Optional<Claim> claim(Database database, Optional<MigrationSession> session) throws LiquibaseException {
		LockService lockService = LockServiceFactory.getInstance().getLockService(database);
		if (session.isEmpty()) {
			releaseAny(lockService);
			return Optional.empty();
		}
		return Optional.of(claim(database, lockService, session.get()));
	}

	private static void releaseAny(LockService lockService) throws LiquibaseException {
		DatabaseChangeLogLock[] locks = lockService.listLocks();
		if (locks.length == 0) {
			return;
		}
		for (DatabaseChangeLogLock stale : locks) {
			logger.warn("Releasing stale Liquibase changelog lock held by " + stale.getLockedBy() + " since "
					+ stale.getLockGranted()
					+ "; no other migrator can hold it while this one holds the migration lock");
		}
		lockService.forceReleaseLock();
	}

	private static Claim claim(Database database, LockService lockService, MigrationSession session)
			throws LiquibaseException {
		long started = System.nanoTime();
		long deadline = started + session.waitTimeout().toNanos();
		boolean announced = false;
		while (!lockService.acquireLock()) {
			DatabaseChangeLogLock[] locks = lockService.listLocks();
			DatabaseChangeLogLock held = (locks.length > 0) ? locks[0] : null;
			String markedSession = (held != null) ? markedSession(held.getLockedBy()) : null;
			if (markedSession != null && session.isGone(markedSession)) {
				logger.warn("Releasing Liquibase changelog lock held by " + held.getLockedBy() + " since "
						+ held.getLockGranted() + ": its database session " + markedSession + " no longer exists");
				lockService.forceReleaseLock();
				continue;
			}
			String holder = (held != null) ? describe(held, markedSession) : "another Liquibase";
			Duration waited = Duration.ofNanos(System.nanoTime() - started);
			if (!announced) {
				logger.warn("Liquibase changelog lock is held by " + holder + "; waiting up to "
						+ Durations.format(session.waitTimeout())
						+ " (migration.lock.wait-timeout) without breaking it");
				announced = true;
			}
			if (System.nanoTime() + session.pollInterval().toNanos() > deadline) {
				throw LockNotAcquiredException.changelogLock(waited, holder);
			}
			pause(session.pollInterval());
		}
		return mark(database, session, Duration.ofNanos(System.nanoTime() - started));
	}

	private static String describe(DatabaseChangeLogLock held, String markedSession) {
		return held.getLockedBy() + " since " + held.getLockGranted() + ((markedSession != null)
				? " (database session " + markedSession + " is alive)"
				: " (a Liquibase outside migration-starter, such as an application migrating on start-up or the Liquibase CLI)");
	}

	static String markedSession(String lockedBy) {
		if (lockedBy == null) {
			return null;
		}
		Matcher matcher = MARKED_SESSION.matcher(lockedBy);
		return matcher.find() ? matcher.group(1) : null;
	}

	private static Claim mark(Database database, MigrationSession session, Duration waited) throws DatabaseException {
		String table = database.escapeTableName(database.getLiquibaseCatalogName(), database.getLiquibaseSchemaName(),
				database.getDatabaseChangeLogLockTableName());
		Connection connection = ((JdbcConnection) database.getConnection()).getUnderlyingConnection();
		String mark = MARK + session.id();
		try (PreparedStatement select = connection.prepareStatement("SELECT LOCKEDBY FROM " + table + " WHERE ID = 1");
				ResultSet row = select.executeQuery();
				PreparedStatement update = connection
					.prepareStatement("UPDATE " + table + " SET LOCKEDBY = ? WHERE ID = 1")) {
			String lockedBy = row.next() ? String.valueOf(row.getString(1)) : "";
			// the host that Liquibase wrote stays in front, within the column's 255
			// characters
			int room = 255 - mark.length();
			update.setString(1, ((lockedBy.length() > room) ? lockedBy.substring(0, room) : lockedBy) + mark);
			update.executeUpdate();
			database.commit();
			return new Claim(table, mark, waited);
		}
		catch (SQLException ex) {
			throw new DatabaseException("Could not mark Liquibase's changelog lock with the migration session", ex);
		}
	}

	/**
	 * Liquibase's lock as this migrator took and marked it. Liquibase 4.33 skips its lock
	 * when an update has nothing to apply, and then leaves alone the lock taken for it.
	 *
	 * @param table the lock table's escaped name
	 * @param mark the mark appended to {@code LOCKEDBY}
	 * @param waited how long this migrator waited for another Liquibase to release it
	 */
	record Claim(String table, String mark, Duration waited) {

		/**
		 * Release the lock if it still carries this migrator's mark.
		 * @param connection a connection of the session that took it
		 */
		void releaseIfStillHeld(Connection connection) {
			try (PreparedStatement release = connection.prepareStatement("UPDATE " + this.table
					+ " SET LOCKED = ?, LOCKEDBY = NULL, LOCKGRANTED = NULL WHERE ID = 1 AND LOCKEDBY LIKE ?")) {
				release.setBoolean(1, false);
				release.setString(2, "%" + this.mark);
				if (release.executeUpdate() > 0) {
					if (!connection.getAutoCommit()) {
						connection.commit();
					}
					logger.debug("Released Liquibase changelog lock that the update left held");
				}
			}
			catch (SQLException ex) {
				logger.debug("Could not release Liquibase changelog lock after the update; the next migrator"
						+ " releases it once this session is gone", ex);
			}
		}

	}

	private static void pause(Duration interval) {
		try {
			Thread.sleep(interval.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for Liquibase's changelog lock", ex);
		}
	}

}
