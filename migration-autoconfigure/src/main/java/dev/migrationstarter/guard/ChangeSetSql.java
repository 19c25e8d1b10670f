package dev.migrationstarter.guard;

import java.util.ArrayList;
import java.util.List;

import dev.migrationstarter.core.PendingChange;
import liquibase.change.Change;
import liquibase.change.DbmsTargetedChange;
import liquibase.change.custom.CustomChangeWrapper;
import liquibase.changelog.ChangeSet;
import liquibase.database.Database;
import liquibase.database.DatabaseList;
import liquibase.sql.Sql;
import liquibase.sqlgenerator.SqlGeneratorFactory;
import liquibase.statement.SqlStatement;
import liquibase.statement.core.RuntimeStatement;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Generates the SQL of a parsed changeset for a database, as Liquibase's update would run
 * it, without running anything: no changelog table row, no lock statement.
 *
 * <p>
 * Statements that act while they are generated (a shell command, an output message) and
 * custom changes, whose generation may run the change itself, are left out.
 *
 * @author migration-starter
 */
public final class ChangeSetSql {

	private static final Log logger = LogFactory.getLog(ChangeSetSql.class);

	private ChangeSetSql() {
	}

	/**
	 * The changeset as the guard judges it.
	 * @param changeSet the parsed changeset
	 * @param database the database to generate the SQL for, online or offline
	 * @return the changeset with its statements
	 */
	public static PendingChange of(ChangeSet changeSet, Database database) {
		List<String> statements = new ArrayList<>();
		for (Change change : changeSet.getChanges()) {
			if (!runsOn(change, database) || change instanceof CustomChangeWrapper) {
				continue;
			}
			try {
				for (SqlStatement statement : change.generateStatements(database)) {
					if (statement instanceof RuntimeStatement) {
						continue;
					}
					for (Sql sql : SqlGeneratorFactory.getInstance().generateSql(statement, database)) {
						statements.add(sql.toSql());
					}
				}
			}
			catch (RuntimeException ex) {
				// the update itself reports a change it cannot generate
				logger.debug("No SQL for a change of " + changeSet + ": " + ex.getMessage(), ex);
			}
		}
		return new PendingChange(changeSet.toString(false), statements, changeSet.isRunInTransaction(),
				changeSet.getComments());
	}

	private static boolean runsOn(Change change, Database database) {
		if (change instanceof DbmsTargetedChange targeted
				&& !DatabaseList.definitionMatches(targeted.getDbms(), database, true)) {
			return false;
		}
		return change.supports(database);
	}

}
