package dev.migrationstarter.liquibase.status;

import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.migrationstarter.core.StatusUnavailableException;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.filter.ContextChangeSetFilter;
import liquibase.changelog.filter.DbmsChangeSetFilter;
import liquibase.changelog.filter.LabelChangeSetFilter;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.LiquibaseException;
import liquibase.integration.spring.SpringLiquibase;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.DirectFieldAccessor;
import org.springframework.core.io.ResourceLoader;

/**
 * Parses the changelog of a {@link SpringLiquibase} bean for the database of a
 * connection, taking the parse that start-up ran ahead when it fits.
 *
 * @author migration-starter
 */
final class ChangelogParser {

	private static final Log logger = LogFactory.getLog(ChangelogParser.class);

	private static final Duration PREPARSE_TIMEOUT = Duration.ofMinutes(1);

	private final SpringLiquibase liquibase;

	private final ResourceLoader resourceLoader;

	private final PreparsedChangelogs preparsed;

	ChangelogParser(SpringLiquibase liquibase, ResourceLoader resourceLoader, PreparsedChangelogs preparsed) {
		this.liquibase = liquibase;
		this.resourceLoader = resourceLoader;
		this.preparsed = preparsed;
	}

	/**
	 * Parse the changelog and select the changesets of the bean's contexts, label filter
	 * and the connection's database.
	 * @param connection a connection to the bean's database, left open
	 * @return the parse
	 * @throws StatusUnavailableException if the changelog cannot be parsed
	 */
	ParsedChangelog parse(Connection connection) {
		try {
			Database database = database(connection);
			Map<String, String> userParameters = userParameters(this.liquibase);
			String changeLogFile = this.liquibase.getChangeLog();
			PreparsedChangelogs.Preparsed parsed = this.preparsed.take(
					new PreparsedChangelogs.Key(changeLogFile, userParameters), database.getShortName(),
					PREPARSE_TIMEOUT);
			if (parsed != null) {
				logger.debug("Changelog " + changeLogFile + " taken from the parse that ran during start-up");
			}
			else {
				parsed = PreparsedChangelogs.parse(changeLogFile, userParameters, this.resourceLoader, database);
			}
			ContextChangeSetFilter contexts = new ContextChangeSetFilter(new Contexts(this.liquibase.getContexts()));
			LabelChangeSetFilter labels = new LabelChangeSetFilter(
					new LabelExpression(this.liquibase.getLabelFilter()));
			DbmsChangeSetFilter dbms = new DbmsChangeSetFilter(database);
			List<ChangeSet> selected = new ArrayList<>();
			for (ChangeSet changeSet : parsed.changeLog().getChangeSets()) {
				if (contexts.accepts(changeSet).isAccepted() && labels.accepts(changeSet).isAccepted()
						&& dbms.accepts(changeSet).isAccepted()) {
					selected.add(changeSet);
				}
			}
			return new ParsedChangelog(parsed.changeLog(), selected, parsed.resourceAccessor());
		}
		catch (LiquibaseException | RuntimeException ex) {
			throw new StatusUnavailableException(
					"Cannot parse changelog " + this.liquibase.getChangeLog() + ": " + ex.getMessage(), ex, true);
		}
	}

	private Database database(Connection connection) {
		try {
			return DatabaseFactory.getInstance()
				.findCorrectDatabaseImplementation(new UnclosableJdbcConnection(connection));
		}
		catch (LiquibaseException ex) {
			throw new StatusUnavailableException("Cannot identify the database: " + ex.getMessage(), ex);
		}
	}

	/**
	 * The changelog parameters of a bean.
	 * @param liquibase the bean
	 * @return the parameters, or {@code null} for none
	 */
	@SuppressWarnings("unchecked")
	static Map<String, String> userParameters(SpringLiquibase liquibase) {
		// SpringLiquibase exposes no getter for its changelog parameters
		return (Map<String, String>) new DirectFieldAccessor(liquibase).getPropertyValue("parameters");
	}

	/**
	 * Lets Liquibase identify the database from a connection without closing it.
	 */
	private static final class UnclosableJdbcConnection extends JdbcConnection {

		UnclosableJdbcConnection(Connection connection) {
			super(connection);
		}

		@Override
		public void close() {
		}

	}

}
