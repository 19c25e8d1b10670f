package dev.migrationstarter.liquibase;

import dev.migrationstarter.core.ChangeProgress;
import liquibase.changelog.ChangeSet.ExecType;
import liquibase.changelog.ChangeSet.RunStatus;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.changelog.visitor.AbstractChangeExecListener;
import liquibase.database.Database;

/**
 * Tells a {@link ChangeProgress} about each changeset as Liquibase runs it, naming it
 * {@code file::id::author}.
 *
 * @author migration-starter
 */
final class ChangelogProgress extends AbstractChangeExecListener {

	private final ChangeProgress progress;

	ChangelogProgress(ChangeProgress progress) {
		this.progress = progress;
	}

	@Override
	public void willRun(ChangeSet changeSet, DatabaseChangeLog databaseChangeLog, Database database,
			RunStatus runStatus) {
		this.progress.starting(changeSet.toString(false));
	}

	@Override
	public void ran(ChangeSet changeSet, DatabaseChangeLog databaseChangeLog, Database database, ExecType execType) {
		String id = changeSet.toString(false);
		if (execType == ExecType.SKIPPED) {
			this.progress.skipped(id);
		}
		else if (execType == ExecType.MARK_RAN) {
			this.progress.markedRan(id);
		}
		else {
			this.progress.applied(id);
		}
	}

	@Override
	public void runFailed(ChangeSet changeSet, DatabaseChangeLog databaseChangeLog, Database database,
			Exception exception) {
		this.progress.failed(changeSet.toString(false));
	}

}
