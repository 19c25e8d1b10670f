package dev.migrationstarter.status;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import liquibase.ChecksumVersion;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.change.CheckSum;
import liquibase.changelog.ChangeLogParameters;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.changelog.filter.ContextChangeSetFilter;
import liquibase.changelog.filter.DbmsChangeSetFilter;
import liquibase.changelog.filter.LabelChangeSetFilter;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.LiquibaseException;
import liquibase.integration.spring.SpringLiquibase;
import liquibase.integration.spring.SpringResourceAccessor;
import liquibase.parser.ChangeLogParserFactory;
import liquibase.precondition.Precondition;
import liquibase.precondition.PreconditionLogic;
import liquibase.resource.ResourceAccessor;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.DirectFieldAccessor;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.StringUtils;

/**
 * Compares a database with the changelog of a {@link SpringLiquibase} bean, reading only.
 *
 * <p>
 * Liquibase's own {@code listUnrunChangeSets} may create the tracking tables, so the
 * algorithm avoids it:
 * <ol>
 * <li>Parse the changelog once, with the bean's parameters, and keep the changesets that
 * the bean's contexts, label filter and the database's type select.</li>
 * <li>On each read, select file, id, author and checksum from the changelog table (one
 * query, no lock). A missing table means nothing is applied.</li>
 * <li>A selected changeset is pending when no row matches it; a {@code runOnChange} one
 * also when its checksum changed; a {@code runAlways} one never.</li>
 * <li>Rows that match no changeset of the whole changelog are unknown: the database is
 * ahead.</li>
 * </ol>
 *
 * @author migration-starter
 */
public class ChangelogStatusReader {

	private static final Log logger = LogFactory.getLog(ChangelogStatusReader.class);

	private static final Duration PREPARSE_TIMEOUT = Duration.ofMinutes(1);

	private final SpringLiquibase liquibase;

	private final ResourceLoader resourceLoader;

	private final DataSource dataSource;

	private final Clock clock;

	private volatile Expected expected;

	/**
	 * Create a reader.
	 * @param liquibase the bean whose changelog and settings to use
	 * @param resourceLoader loads the changelog
	 * @param dataSource the database to read, as any login that may select from the
	 * changelog table
	 * @param clock the clock for {@link MigrationStatus#checkedAt()}
	 */
	public ChangelogStatusReader(SpringLiquibase liquibase, ResourceLoader resourceLoader, DataSource dataSource,
			Clock clock) {
		this.liquibase = liquibase;
		this.resourceLoader = resourceLoader;
		this.dataSource = dataSource;
		this.clock = clock;
	}

	/**
	 * Read the database and compare it with the changelog.
	 * @return the status
	 * @throws StatusUnavailableException if the changelog cannot be parsed or the
	 * database cannot be read
	 */
	public MigrationStatus read() {
		try (Connection connection = this.dataSource.getConnection()) {
			Expected expected = expected(connection);
			Map<ChangeSetRef, String> appliedChecksums = appliedChecksums(connection);
			List<ChangeSetRef> pending = new ArrayList<>();
			int applied = 0;
			for (ExpectedChangeSet changeSet : expected.selected()) {
				String checksum = appliedChecksums.get(changeSet.ref());
				if (changeSet.runAlways()) {
					continue;
				}
				if (checksum == null || (changeSet.runOnChange() && changeSet.checksumDiffers(checksum))) {
					pending.add(changeSet.ref());
				}
				else {
					applied++;
				}
			}
			List<ChangeSetRef> unknown = appliedChecksums.keySet()
				.stream()
				.filter((ref) -> !expected.all().contains(ref))
				.sorted(Comparator.comparing(ChangeSetRef::toString))
				.toList();
			return new MigrationStatus(pending, applied, unknown, this.clock.instant());
		}
		catch (SQLException ex) {
			throw new StatusUnavailableException("Cannot read the changelog table: " + ex.getMessage(), ex);
		}
	}

	private Expected expected(Connection connection) throws SQLException {
		Expected expected = this.expected;
		if (expected == null) {
			expected = parse(connection);
			this.expected = expected;
		}
		return expected;
	}

	private Expected parse(Connection connection) {
		ParsedChangeLog parsed = parseChangeLog(connection);
		List<ExpectedChangeSet> selected = new ArrayList<>();
		Set<ChangeSetRef> all = new HashSet<>();
		for (ChangeSet changeSet : parsed.changeLog().getChangeSets()) {
			all.add(refOf(changeSet));
		}
		for (ChangeSet changeSet : parsed.selected()) {
			selected.add(new ExpectedChangeSet(refOf(changeSet), changeSet.isAlwaysRun(), changeSet.isRunOnChange(),
					changeSet.isRunOnChange() ? changeSet.generateCheckSum(ChecksumVersion.latest()) : null));
		}
		return new Expected(List.copyOf(selected), Set.copyOf(all));
	}

	/**
	 * Whether a Liquibase update of the bean would find nothing to do and nothing to
	 * repair, reading only: every changeset that the bean's contexts, label filter and
	 * database select is applied with a valid checksum of the current algorithm, none of
	 * them runs always, the changelog has no preconditions of its own, and Liquibase's
	 * changelog lock is free. Anything else, a failure included, answers {@code false}:
	 * the update then runs and reports it.
	 * @return whether an update would change nothing
	 */
	public boolean isUpToDateForUpdate() {
		try (Connection connection = this.dataSource.getConnection()) {
			ParsedChangeLog parsed = parseChangeLog(connection);
			if (hasPreconditions(parsed.changeLog().getPreconditions())) {
				return updateNeeded("the changelog has preconditions");
			}
			Map<ChangeSetRef, String> appliedChecksums = appliedChecksums(connection);
			for (ChangeSet changeSet : parsed.selected()) {
				if (changeSet.isAlwaysRun()) {
					return updateNeeded(refOf(changeSet) + " runs always");
				}
				if (!isAppliedUnchanged(changeSet, appliedChecksums.get(refOf(changeSet)))) {
					return updateNeeded(
							refOf(changeSet) + " is pending, changed or has a checksum of an older algorithm");
				}
			}
			if (parsed.selected().isEmpty()) {
				return updateNeeded("the changelog selects no changeset");
			}
			return !changelogLockHeld(connection) || updateNeeded("Liquibase's changelog lock is held");
		}
		catch (SQLException | RuntimeException ex) {
			logger.debug("Up-to-date check of " + this.liquibase.getChangeLog() + " failed; the update runs", ex);
			return false;
		}
	}

	// an included changelog adds its own, often empty, container to its parent's
	private static boolean hasPreconditions(Precondition precondition) {
		if (precondition instanceof PreconditionLogic logic) {
			return logic.getNestedPreconditions().stream().anyMatch(ChangelogStatusReader::hasPreconditions);
		}
		return precondition != null;
	}

	private boolean updateNeeded(String reason) {
		logger.debug("Update of " + this.liquibase.getChangeLog() + " needed: " + reason);
		return false;
	}

	private static boolean isAppliedUnchanged(ChangeSet changeSet, String storedChecksum) {
		if (storedChecksum == null) {
			return false;
		}
		CheckSum stored = CheckSum.parse(storedChecksum);
		// an update rewrites a checksum of an older algorithm
		return stored.getVersion() == ChecksumVersion.latest().getVersion() && changeSet.isCheckSumValid(stored);
	}

	private boolean changelogLockHeld(Connection connection) throws SQLException {
		String table = StringUtils.hasText(this.liquibase.getDatabaseChangeLogLockTable())
				? this.liquibase.getDatabaseChangeLogLockTable() : "DATABASECHANGELOGLOCK";
		String schema = schema();
		try (Statement statement = connection.createStatement();
				ResultSet rows = statement
					.executeQuery("SELECT LOCKED FROM " + ((schema != null) ? schema + "." + table : table))) {
			while (rows.next()) {
				if (rows.getBoolean(1)) {
					return true;
				}
			}
			return false;
		}
	}

	private ParsedChangeLog parseChangeLog(Connection connection) {
		try {
			Database database = DatabaseFactory.getInstance()
				.findCorrectDatabaseImplementation(new UnclosableJdbcConnection(connection));
			ResourceAccessor resourceAccessor = new SpringResourceAccessor(this.resourceLoader);
			ChangeLogParameters parameters = new ChangeLogParameters(database);
			Map<String, String> userParameters = userParameters();
			if (userParameters != null) {
				userParameters.forEach(parameters::set);
			}
			String changeLogFile = this.liquibase.getChangeLog();
			DatabaseChangeLog changeLog = PreparsedChangelogs.take(
					new PreparsedChangelogs.Key(changeLogFile, userParameters), database.getShortName(),
					PREPARSE_TIMEOUT);
			if (changeLog == null) {
				changeLog = ChangeLogParserFactory.getInstance()
					.getParser(changeLogFile, resourceAccessor)
					.parse(changeLogFile, parameters, resourceAccessor);
			}
			ContextChangeSetFilter contexts = new ContextChangeSetFilter(new Contexts(this.liquibase.getContexts()));
			LabelChangeSetFilter labels = new LabelChangeSetFilter(
					new LabelExpression(this.liquibase.getLabelFilter()));
			DbmsChangeSetFilter dbms = new DbmsChangeSetFilter(database);
			List<ChangeSet> selected = new ArrayList<>();
			for (ChangeSet changeSet : changeLog.getChangeSets()) {
				if (contexts.accepts(changeSet).isAccepted() && labels.accepts(changeSet).isAccepted()
						&& dbms.accepts(changeSet).isAccepted()) {
					selected.add(changeSet);
				}
			}
			return new ParsedChangeLog(changeLog, selected);
		}
		catch (LiquibaseException | RuntimeException ex) {
			throw new StatusUnavailableException(
					"Cannot parse changelog " + this.liquibase.getChangeLog() + ": " + ex.getMessage(), ex, true);
		}
	}

	@SuppressWarnings("unchecked")
	private Map<String, String> userParameters() {
		// SpringLiquibase exposes no getter for its changelog parameters
		return (Map<String, String>) new DirectFieldAccessor(this.liquibase).getPropertyValue("parameters");
	}

	private Map<ChangeSetRef, String> appliedChecksums(Connection connection) throws SQLException {
		String table = qualifiedChangelogTable();
		Map<ChangeSetRef, String> applied = new HashMap<>();
		try (Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("SELECT FILENAME, ID, AUTHOR, MD5SUM FROM " + table)) {
			while (rows.next()) {
				applied.put(refOf(rows.getString(1), rows.getString(2), rows.getString(3)), rows.getString(4));
			}
			return applied;
		}
		catch (SQLException ex) {
			if (!changelogTableExists(connection)) {
				return applied;
			}
			throw ex;
		}
	}

	private String qualifiedChangelogTable() {
		String table = StringUtils.hasText(this.liquibase.getDatabaseChangeLogTable())
				? this.liquibase.getDatabaseChangeLogTable() : "DATABASECHANGELOG";
		String schema = schema();
		return (schema != null) ? schema + "." + table : table;
	}

	private String schema() {
		if (StringUtils.hasText(this.liquibase.getLiquibaseSchema())) {
			return this.liquibase.getLiquibaseSchema();
		}
		return StringUtils.hasText(this.liquibase.getDefaultSchema()) ? this.liquibase.getDefaultSchema() : null;
	}

	private boolean changelogTableExists(Connection connection) throws SQLException {
		if (!connection.getAutoCommit()) {
			connection.rollback();
		}
		String table = StringUtils.hasText(this.liquibase.getDatabaseChangeLogTable())
				? this.liquibase.getDatabaseChangeLogTable() : "DATABASECHANGELOG";
		String schema = schema();
		DatabaseMetaData metaData = connection.getMetaData();
		for (String name : caseVariants(table)) {
			if (schema == null) {
				if (hasTable(metaData, connection.getCatalog(), connection.getSchema(), name)) {
					return true;
				}
				continue;
			}
			for (String schemaName : caseVariants(schema)) {
				// MySQL and MariaDB treat a database as a catalog, not a schema
				if (hasTable(metaData, connection.getCatalog(), schemaName, name)
						|| hasTable(metaData, schemaName, null, name)) {
					return true;
				}
			}
		}
		return false;
	}

	private static boolean hasTable(DatabaseMetaData metaData, String catalog, String schema, String table)
			throws SQLException {
		try (ResultSet tables = metaData.getTables(catalog, schema, table, null)) {
			return tables.next();
		}
	}

	private static String[] caseVariants(String name) {
		return new String[] { name, name.toUpperCase(Locale.ROOT), name.toLowerCase(Locale.ROOT) };
	}

	private static ChangeSetRef refOf(ChangeSet changeSet) {
		return refOf(changeSet.getStoredFilePath(), changeSet.getId(), changeSet.getAuthor());
	}

	static ChangeSetRef refOf(String file, String id, String author) {
		return new ChangeSetRef(DatabaseChangeLog.normalizePath(file), id, author);
	}

	private record ExpectedChangeSet(ChangeSetRef ref, boolean runAlways, boolean runOnChange, CheckSum checksum) {

		boolean checksumDiffers(String stored) {
			if (stored == null || this.checksum == null) {
				return false;
			}
			CheckSum storedChecksum = CheckSum.parse(stored);
			// a checksum of an older algorithm cannot be compared; Liquibase upgrades it
			// on
			// its next update
			return storedChecksum.getVersion() == this.checksum.getVersion() && !storedChecksum.equals(this.checksum);
		}

	}

	private record ParsedChangeLog(DatabaseChangeLog changeLog, List<ChangeSet> selected) {

	}

	private record Expected(List<ExpectedChangeSet> selected, Set<ChangeSetRef> all) {

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
