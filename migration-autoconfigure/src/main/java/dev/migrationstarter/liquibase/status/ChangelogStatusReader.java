package dev.migrationstarter.liquibase.status;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import javax.sql.DataSource;

import dev.migrationstarter.core.MigrationStatus;
import dev.migrationstarter.core.StatusUnavailableException;
import dev.migrationstarter.jdbc.Redaction;
import liquibase.ChecksumVersion;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Scope;
import liquibase.change.CheckSum;
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
import liquibase.precondition.Precondition;
import liquibase.precondition.PreconditionLogic;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.DirectFieldAccessor;
import org.springframework.core.io.ResourceLoader;

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
 * <li>Rows that match no changeset of the whole changelog, nor of the changelog of
 * another bean that shares the changelog table, are unknown: the database is ahead.</li>
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

	private final ChangelogIndex index;

	private volatile ParsedChangeLog lastParse;

	private volatile ExpectedChangeSets expected;

	private volatile boolean indexed;

	private volatile ChangelogIndex.Key indexKey;

	private volatile List<ChangelogStatusReader> sharingTable = List.of();

	private volatile boolean changelogTableSeen;

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
		this(liquibase, resourceLoader, dataSource, clock, null);
	}

	/**
	 * Create a reader that looks its changelog up in an index before it parses it.
	 * @param liquibase the bean whose changelog and settings to use
	 * @param resourceLoader loads the changelog
	 * @param dataSource the database to read, as any login that may select from the
	 * changelog table (and the index table)
	 * @param clock the clock for {@link MigrationStatus#checkedAt()}
	 * @param index where a migration job left the changesets of the changelog, or
	 * {@code null} to always parse
	 */
	public ChangelogStatusReader(SpringLiquibase liquibase, ResourceLoader resourceLoader, DataSource dataSource,
			Clock clock, ChangelogIndex index) {
		this.liquibase = liquibase;
		this.resourceLoader = resourceLoader;
		this.dataSource = dataSource;
		this.clock = clock;
		this.index = index;
	}

	/**
	 * Read the database and compare it with the changelog.
	 * @return the status
	 * @throws StatusUnavailableException if the changelog cannot be parsed or the
	 * database cannot be read
	 */
	public MigrationStatus read() {
		return read(false, null);
	}

	/**
	 * Read the database and compare it with the changelog, giving up on a database that
	 * does not answer a statement within the timeout.
	 * @param timeout the longest a statement may wait for the database, or {@code null}
	 * for the connection's own setting
	 * @return the status
	 * @throws StatusUnavailableException if the changelog cannot be parsed or the
	 * database cannot be read
	 */
	public MigrationStatus read(Duration timeout) {
		return read(false, timeout);
	}

	/**
	 * Read the database and compare it with the changelog, and validate the checksums of
	 * the applied changesets as a Liquibase update would.
	 * @return the status
	 * @throws EditedChangeSetsException if an applied changeset was edited since
	 * @throws StatusUnavailableException if the changelog cannot be parsed or the
	 * database cannot be read
	 */
	public MigrationStatus readAndValidate() {
		return read(true, null);
	}

	/**
	 * Read and validate as {@link #readAndValidate()}, giving up on a database that does
	 * not answer a statement within the timeout.
	 * @param timeout the longest a statement may wait for the database, or {@code null}
	 * for the connection's own setting
	 * @return the status
	 * @throws EditedChangeSetsException if an applied changeset was edited since
	 * @throws StatusUnavailableException if the changelog cannot be parsed or the
	 * database cannot be read
	 */
	public MigrationStatus readAndValidate(Duration timeout) {
		return read(true, timeout);
	}

	/**
	 * Hand the parsed changesets that an update would run now to some work: the pending
	 * ones, a {@code runOnChange} one whose checksum changed, and every {@code runAlways}
	 * one, in changelog order. The work runs in the scope of the parse, so that a change
	 * that reads a file (such as {@code sqlFile}) reads it as the parse did; this
	 * reader's own parse is reused when it has one.
	 * @param <T> the result of the work
	 * @param work what to do with the changesets
	 * @return the result of the work
	 * @throws StatusUnavailableException if the changelog cannot be parsed or the
	 * database cannot be read
	 */
	public <T> T withChangeSetsToRun(Function<List<ChangeSet>, T> work) {
		ParsedChangeLog parsed;
		Map<ChangeSetRef, String> appliedChecksums;
		// the connection goes back before the work runs: the work may need one of its own
		try (Connection connection = this.dataSource.getConnection()) {
			parsed = (this.lastParse != null) ? this.lastParse : parseChangeLog(connection);
			this.lastParse = parsed;
			appliedChecksums = appliedChecksums(connection);
		}
		catch (SQLException ex) {
			throw new StatusUnavailableException("Cannot read the changelog table: "
					+ Redaction.text(ex.getMessage(), Redaction.secretsOf(this.dataSource)), ex);
		}
		return inScopeOf(parsed, () -> {
			List<ChangeSet> toRun = new ArrayList<>();
			for (ChangeSet changeSet : parsed.selected()) {
				String checksum = appliedChecksums.get(refOf(changeSet));
				if (checksum == null || changeSet.isAlwaysRun()
						|| (changeSet.isRunOnChange() && !changeSet.isCheckSumValid(CheckSum.parse(checksum)))) {
					toRun.add(changeSet);
				}
			}
			return work.apply(toRun);
		});
	}

	/**
	 * Let this reader know the changesets of the other beans that keep their changelog in
	 * the same table, so that it does not count theirs as unknown.
	 * @param others the readers of those beans
	 */
	void shareChangelogTableWith(List<ChangelogStatusReader> others) {
		this.sharingTable = List.copyOf(others);
	}

	private MigrationStatus read(boolean validate, Duration timeout) {
		try (Connection connection = this.dataSource.getConnection()) {
			if (timeout != null) {
				limitWaitingFor(connection, timeout);
			}
			ExpectedChangeSets expected = expected(connection, validate);
			Map<ChangeSetRef, String> appliedChecksums = appliedChecksums(connection);
			if (validate) {
				validateChecksums(connection, expected, appliedChecksums);
			}
			List<ChangeSetRef> pending = new ArrayList<>();
			int applied = 0;
			for (ExpectedChangeSets.Expected changeSet : expected.selected()) {
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
			if (!unknown.isEmpty()) {
				unknown = unknownToOthers(connection, unknown);
			}
			return new MigrationStatus(pending.stream().map(ChangeSetRef::toChangeRef).toList(), applied,
					unknown.stream().map(ChangeSetRef::toChangeRef).toList(), this.clock.instant());
		}
		catch (SQLException ex) {
			throw new StatusUnavailableException("Cannot read the changelog table: "
					+ Redaction.text(ex.getMessage(), Redaction.secretsOf(this.dataSource)), ex);
		}
	}

	// another bean's broken changelog is that bean's failure to report; here its rows
	// stay unknown
	private List<ChangeSetRef> unknownToOthers(Connection connection, List<ChangeSetRef> unknown) {
		List<ChangeSetRef> remaining = unknown;
		for (ChangelogStatusReader other : this.sharingTable) {
			try {
				Set<ChangeSetRef> known = other.expected(connection, false).all();
				remaining = remaining.stream().filter((ref) -> !known.contains(ref)).toList();
			}
			catch (StatusUnavailableException ex) {
				logger.debug("Changesets of " + other.liquibase.getChangeLog() + " unknown: " + ex.getMessage());
			}
		}
		return remaining;
	}

	/**
	 * Liquibase's own rule, as its validation before an update applies it: an applied
	 * changeset that neither runs always nor on change must still have its checksum
	 * (computed by the algorithm version that stored it, so an older version is no error)
	 * or one of its {@code validCheckSum}s. Most are equal to the current checksum; only
	 * the others need the parsed changeset.
	 */
	private void validateChecksums(Connection connection, ExpectedChangeSets expected,
			Map<ChangeSetRef, String> appliedChecksums) {
		Set<ChangeSetRef> suspects = new HashSet<>();
		for (ExpectedChangeSets.Expected changeSet : expected.selected()) {
			String stored = appliedChecksums.get(changeSet.ref());
			if (stored != null && !changeSet.runAlways() && !changeSet.runOnChange()
					&& !stored.equals(changeSet.checksum())) {
				suspects.add(changeSet.ref());
			}
		}
		if (suspects.isEmpty()) {
			return;
		}
		ParsedChangeLog parsed = (this.lastParse != null) ? this.lastParse : parseChangeLog(connection);
		this.lastParse = parsed;
		List<ChangeSetRef> edited = inScopeOf(parsed, () -> {
			List<ChangeSetRef> invalid = new ArrayList<>();
			for (ChangeSet changeSet : parsed.selected()) {
				ChangeSetRef ref = refOf(changeSet);
				if (suspects.contains(ref) && !changeSet.isCheckSumValid(CheckSum.parse(appliedChecksums.get(ref)))) {
					invalid.add(ref);
				}
			}
			return invalid;
		});
		if (!edited.isEmpty()) {
			throw new EditedChangeSetsException(this.liquibase.getChangeLog(), edited);
		}
	}

	/**
	 * The changesets to compare with, from the index or else from a parse. A status read
	 * needs the checksums of {@code runOnChange} changesets only, an update's check (and
	 * the index) every checksum, whose computation a large changelog feels.
	 */
	private ExpectedChangeSets expected(Connection connection, boolean everyChecksum) {
		ExpectedChangeSets expected = this.expected;
		if (expected == null) {
			expected = fromIndex(connection);
			this.indexed = expected != null;
		}
		if (expected == null || (everyChecksum && !expected.hasEveryChecksum())) {
			ParsedChangeLog parsed = (this.lastParse != null) ? this.lastParse : parseChangeLog(connection);
			// an update's check keeps its parse for the index; a readiness check lives
			// long and keeps only what it compares
			if (everyChecksum) {
				this.lastParse = parsed;
			}
			expected = expectedOf(parsed, everyChecksum);
		}
		this.expected = expected;
		return expected;
	}

	private ExpectedChangeSets fromIndex(Connection connection) {
		if (this.index == null) {
			return null;
		}
		ChangelogIndex.Key key = this.index.key(this.liquibase.getChangeLog(), indexSettings(connection),
				this.resourceLoader);
		this.indexKey = key;
		ExpectedChangeSets expected = (key != null) ? this.index.find(connection, key) : null;
		if (expected != null) {
			logger.debug("Changesets of " + this.liquibase.getChangeLog() + " taken from the changelog index");
		}
		return expected;
	}

	/**
	 * Keep the changesets of the changelog in the index, for applications to find instead
	 * of parsing the changelog. Does nothing without an index; never fails.
	 * @return whether the changesets are in the index
	 */
	public boolean saveIndex() {
		if (this.index == null) {
			return false;
		}
		try {
			ExpectedChangeSets expected;
			// the connection goes back before the index takes one: a pool of one must do
			try (Connection connection = this.dataSource.getConnection()) {
				expected = expected(connection, true);
			}
			if (this.indexed) {
				return true;
			}
			ChangelogIndex.Key key = this.indexKey;
			return key != null && this.index.save(this.dataSource, key, this.lastParse.resourceAccessor(), expected);
		}
		catch (SQLException | RuntimeException ex) {
			logger.warn("Changelog index not written: " + Redaction.text(ex.getMessage()));
			return false;
		}
	}

	// the product, rather than Liquibase's type, spares the index lookup Liquibase's
	// database set-up; the same product always makes the same type
	private Map<String, String> indexSettings(Connection connection) {
		Map<String, String> settings = new HashMap<>();
		settings.put("contexts", String.valueOf(this.liquibase.getContexts()));
		settings.put("labelFilter", String.valueOf(this.liquibase.getLabelFilter()));
		try {
			settings.put("databaseProduct", connection.getMetaData().getDatabaseProductName());
		}
		catch (SQLException ex) {
			throw new StatusUnavailableException("Cannot identify the database: " + ex.getMessage(), ex);
		}
		Map<String, String> parameters = userParameters();
		if (parameters != null) {
			parameters.forEach((name, value) -> settings.put("parameter " + name, value));
		}
		return settings;
	}

	private ExpectedChangeSets expectedOf(ParsedChangeLog parsed, boolean everyChecksum) {
		return inScopeOf(parsed, () -> {
			List<ExpectedChangeSets.Expected> selected = new ArrayList<>();
			Set<ChangeSetRef> all = new HashSet<>();
			for (ChangeSet changeSet : parsed.changeLog().getChangeSets()) {
				all.add(refOf(changeSet));
			}
			for (ChangeSet changeSet : parsed.selected()) {
				String checksum = (everyChecksum || changeSet.isRunOnChange())
						? changeSet.generateCheckSum(ChecksumVersion.latest()).toString() : null;
				selected.add(new ExpectedChangeSets.Expected(refOf(changeSet), changeSet.isAlwaysRun(),
						changeSet.isRunOnChange(), checksum));
			}
			return new ExpectedChangeSets(selected, all, hasPreconditions(parsed.changeLog().getPreconditions()));
		});
	}

	// a change that reads a file (sqlFile, loadData) for its checksum reads it through
	// the
	// resource accessor of the current scope: the one of the parse
	private static <T> T inScopeOf(ParsedChangeLog parsed, Scope.ScopedRunnerWithReturn<T> work) {
		try {
			return parsed.resourceAccessor().callInScope(work);
		}
		catch (LiquibaseException ex) {
			throw new IllegalStateException(ex.getMessage(), ex);
		}
	}

	/**
	 * Whether a Liquibase update of the bean would find nothing to do and nothing to
	 * repair, reading only: every changeset that the bean's contexts, label filter and
	 * database select is applied with the checksum of the current algorithm, none of them
	 * runs always, the changelog has no preconditions of its own, and Liquibase's
	 * changelog lock is free. The changesets come from the index when it holds the
	 * changelog, so an up-to-date database is found without a parse. Anything else, a
	 * failure included, answers {@code false}: the update then runs and reports it.
	 * @return whether an update would change nothing
	 */
	public boolean isUpToDateForUpdate() {
		try (Connection connection = this.dataSource.getConnection()) {
			String reason = expected(connection, true).reasonForUpdate(appliedChecksums(connection));
			if (reason != null) {
				return updateNeeded(reason);
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

	private static void limitWaitingFor(Connection connection, Duration timeout) {
		try {
			connection.setNetworkTimeout(Runnable::run,
					(int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis())));
		}
		catch (SQLFeatureNotSupportedException ex) {
			// an embedded database has no network to wait for
		}
		catch (SQLException ex) {
			logger.debug("Network timeout not set: " + Redaction.text(ex.getMessage()));
		}
	}

	/**
	 * The database this reader reads, without credentials, for messages.
	 * @return the description
	 */
	public String target() {
		return Redaction.targetOf(this.dataSource);
	}

	private boolean changelogLockHeld(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("SELECT LOCKED FROM " + qualified(changelogLockTable()))) {
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
			Database database = database(connection);
			Map<String, String> userParameters = userParameters();
			String changeLogFile = this.liquibase.getChangeLog();
			PreparsedChangelogs.Preparsed preparsed = PreparsedChangelogs.take(
					new PreparsedChangelogs.Key(changeLogFile, userParameters), database.getShortName(),
					PREPARSE_TIMEOUT);
			if (preparsed == null) {
				preparsed = PreparsedChangelogs.parse(changeLogFile, userParameters, this.resourceLoader, database);
			}
			ContextChangeSetFilter contexts = new ContextChangeSetFilter(new Contexts(this.liquibase.getContexts()));
			LabelChangeSetFilter labels = new LabelChangeSetFilter(
					new LabelExpression(this.liquibase.getLabelFilter()));
			DbmsChangeSetFilter dbms = new DbmsChangeSetFilter(database);
			List<ChangeSet> selected = new ArrayList<>();
			for (ChangeSet changeSet : preparsed.changeLog().getChangeSets()) {
				if (contexts.accepts(changeSet).isAccepted() && labels.accepts(changeSet).isAccepted()
						&& dbms.accepts(changeSet).isAccepted()) {
					selected.add(changeSet);
				}
			}
			return new ParsedChangeLog(preparsed.changeLog(), selected, preparsed.resourceAccessor());
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

	@SuppressWarnings("unchecked")
	private Map<String, String> userParameters() {
		// SpringLiquibase exposes no getter for its changelog parameters
		return (Map<String, String>) new DirectFieldAccessor(this.liquibase).getPropertyValue("parameters");
	}

	private Map<ChangeSetRef, String> appliedChecksums(Connection connection) throws SQLException {
		String table = qualifiedChangelogTable();
		Map<ChangeSetRef, String> applied = new HashMap<>();
		// a query of a missing table would fail, and some drivers log that as a warning
		if (!this.changelogTableSeen) {
			if (!changelogTableExists(connection)) {
				return applied;
			}
			this.changelogTableSeen = true;
		}
		// rows share a few files, and normalising a path takes several regular
		// expressions
		Map<String, String> normalizedPaths = new HashMap<>();
		try (Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("SELECT FILENAME, ID, AUTHOR, MD5SUM FROM " + table)) {
			while (rows.next()) {
				String file = rows.getString(1);
				String path = (file != null) ? normalizedPaths.computeIfAbsent(file, DatabaseChangeLog::normalizePath)
						: null;
				applied.put(new ChangeSetRef(path, rows.getString(2), rows.getString(3)), rows.getString(4));
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
		return qualified(changelogTable());
	}

	private String changelogTable() {
		return LiquibaseTables.changelogTable(this.liquibase);
	}

	private String changelogLockTable() {
		return LiquibaseTables.changelogLockTable(this.liquibase);
	}

	private String qualified(String table) {
		return LiquibaseTables.qualified(this.liquibase, table);
	}

	private boolean changelogTableExists(Connection connection) throws SQLException {
		if (!connection.getAutoCommit()) {
			connection.rollback();
		}
		return LiquibaseTables.changelogTableExists(this.liquibase, connection);
	}

	private static ChangeSetRef refOf(ChangeSet changeSet) {
		return refOf(changeSet.getStoredFilePath(), changeSet.getId(), changeSet.getAuthor());
	}

	static ChangeSetRef refOf(String file, String id, String author) {
		return new ChangeSetRef(DatabaseChangeLog.normalizePath(file), id, author);
	}

	private record ParsedChangeLog(DatabaseChangeLog changeLog, List<ChangeSet> selected,
			RecordingResourceAccessor resourceAccessor) {

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
