package dev.migrationstarter.liquibase.locks;

import java.util.List;

import javax.sql.DataSource;

import dev.migrationstarter.liquibase.locks.ChangeSetLockGuard.Attempt;
import dev.migrationstarter.liquibase.locks.ChangeSetLockGuard.GuardedUpdate;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.visitor.AbstractChangeExecListener;
import liquibase.changelog.visitor.ChangeExecListener;
import liquibase.database.Database;
import liquibase.exception.LiquibaseException;

/**
 * An update without a {@link ChangeSetLockGuard}: one attempt, on the lock's data source.
 *
 * @author migration-starter
 */
public final class UnguardedUpdate implements GuardedUpdate {

	private final DataSource dataSource;

	public UnguardedUpdate(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	@Override
	public DataSource dataSource() {
		return this.dataSource;
	}

	@Override
	public void beforeChangeSets(Database database, List<ChangeSet> pending) {
	}

	@Override
	public ChangeExecListener listener() {
		return new AbstractChangeExecListener() {
		};
	}

	@Override
	public void run(Attempt update) throws LiquibaseException {
		update.run();
	}

	@Override
	public void close() {
	}

}
