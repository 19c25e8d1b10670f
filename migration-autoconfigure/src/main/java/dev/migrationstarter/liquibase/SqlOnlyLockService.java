package dev.migrationstarter.liquibase;

import liquibase.Scope;
import liquibase.database.Database;
import liquibase.lockservice.DatabaseChangeLogLock;
import liquibase.lockservice.LockService;

/**
 * Liquibase's lock service for a run that only writes SQL: it takes, releases and breaks
 * nothing.
 *
 * <p>
 * Liquibase's {@code updateSql} command takes {@code DATABASECHANGELOGLOCK} while it
 * writes, and on Liquibase 4.33 its clean-up releases the lock on the real database, even
 * when another process holds it. A dry run must leave that lock alone, so while
 * {@link UpdateSqlWriter} writes SQL this service, registered with Liquibase's service
 * locator, is the one chosen for the database.
 *
 * @author migration-starter
 */
public final class SqlOnlyLockService implements LockService {

	static final String SCOPE_KEY = "dev.migrationstarter.sqlOnly";

	@Override
	public int getPriority() {
		return Integer.MAX_VALUE;
	}

	@Override
	public boolean supports(Database database) {
		return Boolean.TRUE.equals(Scope.getCurrentScope().get(SCOPE_KEY, Boolean.class));
	}

	@Override
	public void setDatabase(Database database) {
	}

	@Override
	public void setChangeLogLockWaitTime(long changeLogLockWaitTime) {
	}

	@Override
	public void setChangeLogLockRecheckTime(long changeLogLockRecheckTime) {
	}

	@Override
	public boolean hasChangeLogLock() {
		return true;
	}

	@Override
	public void waitForLock() {
	}

	@Override
	public boolean acquireLock() {
		return true;
	}

	@Override
	public void releaseLock() {
	}

	@Override
	public DatabaseChangeLogLock[] listLocks() {
		return new DatabaseChangeLogLock[0];
	}

	@Override
	public void forceReleaseLock() {
	}

	@Override
	public void reset() {
	}

	@Override
	public void init() {
	}

	@Override
	public void destroy() {
	}

}
