package dev.migrationstarter.liquibase.status;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import javax.sql.DataSource;

import dev.migrationstarter.core.MigrationStatus;
import dev.migrationstarter.core.StatusUnavailableException;
import dev.migrationstarter.jdbc.Redaction;
import liquibase.changelog.ChangeSet;
import liquibase.integration.spring.SpringLiquibase;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.io.ResourceLoader;

/**
 * Compares a database with the changelog of a {@link SpringLiquibase} bean, reading only.
 *
 * <p>
 * Liquibase's own {@code listUnrunChangeSets} may create the tracking tables, so the
 * algorithm avoids it:
 * <ol>
 * <li>Find the changesets that the bean's contexts, label filter and the database's type
 * select, in the changelog index or else from one parse with the bean's parameters
 * ({@link ExpectedChangeSetsLoader}).</li>
 * <li>On each read, select file, id, author and checksum from the changelog table (one
 * query, no lock; {@link ChangelogTable}). A missing table means nothing is applied.</li>
 * <li>Compare the two ({@link StatusComparison}): a selected changeset is pending when no
 * row matches it; a {@code runOnChange} one also when its checksum changed; a
 * {@code runAlways} one never.</li>
 * <li>Rows that match no changeset of the whole changelog, nor of the changelog of
 * another bean that shares the changelog table, are unknown: the database is ahead.</li>
 * </ol>
 * The changesets found first are kept for later reads: a readiness check keeps only what
 * it compares, an update's check also the parse, for the guard's SQL and the index.
 *
 * @author migration-starter
 */
public class ChangelogStatusReader {

	private static final Log logger = LogFactory.getLog(ChangelogStatusReader.class);

	private final SpringLiquibase liquibase;

	private final DataSource dataSource;

	private final Clock clock;

	private final ChangelogIndex index;

	private final ChangelogTable table;

	private final ExpectedChangeSetsLoader loader;

	private final AtomicReference<Expectation> found = new AtomicReference<>();

	private volatile List<ChangelogStatusReader> sharingTable = List.of();

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
		this(liquibase, resourceLoader, dataSource, clock, null, PreparsedChangelogs.none());
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
	 * @param preparsed the parse that start-up may have run ahead
	 */
	public ChangelogStatusReader(SpringLiquibase liquibase, ResourceLoader resourceLoader, DataSource dataSource,
			Clock clock, ChangelogIndex index, PreparsedChangelogs preparsed) {
		this.liquibase = liquibase;
		this.dataSource = dataSource;
		this.clock = clock;
		this.index = index;
		this.table = new ChangelogTable(liquibase);
		this.loader = new ExpectedChangeSetsLoader(liquibase, resourceLoader,
				new ChangelogParser(liquibase, resourceLoader, preparsed), index);
	}

	/**
	 * {@link #read(Duration) Read the status} as long as the connection waits.
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
	 * {@link #readAndValidate(Duration) Read and validate} as long as the connection
	 * waits.
	 * @return the status
	 * @throws EditedChangeSetsException if an applied changeset was edited since
	 * @throws StatusUnavailableException if the changelog cannot be parsed or the
	 * database cannot be read
	 */
	public MigrationStatus readAndValidate() {
		return read(true, null);
	}

	/**
	 * {@link #read(Duration) Read the status}, and validate the checksums of the applied
	 * changesets as a Liquibase update would.
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
	 * that reads a file (such as {@code sqlFile}) reads it as the parse did.
	 * @param <T> the result of the work
	 * @param work what to do with the changesets
	 * @return the result of the work
	 * @throws StatusUnavailableException if the changelog cannot be parsed or the
	 * database cannot be read
	 */
	public <T> T withChangeSetsToRun(Function<List<ChangeSet>, T> work) {
		ParsedChangelog parse;
		Map<ChangeSetRef, String> appliedChecksums;
		// the connection goes back before the work runs: the work may need one of its own
		try (Connection connection = this.dataSource.getConnection()) {
			Expectation expectation = this.loader.load(connection, false, this.found.get());
			parse = keep(this.loader.withParse(connection, expectation)).parse();
			appliedChecksums = this.table.appliedChecksums(connection);
		}
		catch (SQLException ex) {
			throw unreadable(ex);
		}
		return parse.withChangeSetsToRun(appliedChecksums, work);
	}

	/**
	 * Whether a Liquibase update of the bean would find nothing to do and nothing to
	 * repair, reading only: the changelog table exists, every changeset that the bean's
	 * contexts, label filter and database select is applied with the checksum of the
	 * current algorithm, none of them runs always, the changelog has no preconditions of
	 * its own, and Liquibase's changelog lock is free. The changesets come from the index
	 * when it holds the changelog, so an up-to-date database is found without a parse; a
	 * database without a changelog table needs an update whatever the changelog holds, so
	 * it is found without a parse too. Anything else, a failure included, answers
	 * {@code false}: the update then runs and reports it.
	 * @return whether an update would change nothing
	 */
	public boolean isUpToDateForUpdate() {
		return isUpToDateForUpdate(true);
	}

	/**
	 * {@link #isUpToDateForUpdate()} without a parse: {@code false} when the changesets
	 * are neither known from an earlier answer nor in the index.
	 * @return whether an update would change nothing, as far as is known without a parse
	 */
	public boolean isKnownUpToDateForUpdate() {
		return isUpToDateForUpdate(false);
	}

	private boolean isUpToDateForUpdate(boolean mayParse) {
		try (Connection connection = this.dataSource.getConnection()) {
			String reason = reasonForUpdate(connection, mayParse);
			if (reason == null && this.table.lockHeld(connection)) {
				reason = "Liquibase's changelog lock is held";
			}
			if (reason != null) {
				logger.debug("Update of " + this.liquibase.getChangeLog() + " needed: " + reason);
			}
			return reason == null;
		}
		catch (SQLException | RuntimeException ex) {
			logger.debug("Up-to-date check of " + this.liquibase.getChangeLog() + " failed; the update runs", ex);
			return false;
		}
	}

	private String reasonForUpdate(Connection connection, boolean mayParse) throws SQLException {
		if (!this.table.isPresent(connection)) {
			return "no changelog table yet";
		}
		Expectation expectation = mayParse ? expectation(connection, true) : knownExpectation(connection);
		if (expectation == null) {
			return "the changelog is neither in the index nor parsed yet";
		}
		return expectation.changeSets().reasonForUpdate(this.table.appliedChecksums(connection));
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
			Expectation expectation;
			// the connection goes back before the index takes one: a pool of one must do
			try (Connection connection = this.dataSource.getConnection()) {
				expectation = expectation(connection, true);
			}
			return expectation.fromIndex() || (expectation.indexKey() != null && this.index.save(this.dataSource,
					expectation.indexKey(), expectation.parse().resourceAccessor(), expectation.changeSets()));
		}
		catch (SQLException | RuntimeException ex) {
			logger.warn("Changelog index not written: " + Redaction.text(ex.getMessage()));
			return false;
		}
	}

	/**
	 * The database this reader reads, without credentials, for messages.
	 * @return the description
	 */
	public String target() {
		return Redaction.targetOf(this.dataSource);
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
			Expectation expectation = expectation(connection, validate);
			Map<ChangeSetRef, String> appliedChecksums = this.table.appliedChecksums(connection);
			if (validate) {
				validateChecksums(connection, expectation, appliedChecksums);
			}
			return StatusComparison.compare(expectation.changeSets(), appliedChecksums,
					(unknown) -> unknownToOthers(connection, unknown), this.clock.instant());
		}
		catch (SQLException ex) {
			throw unreadable(ex);
		}
	}

	private Expectation expectation(Connection connection, boolean everyChecksum) {
		Expectation previous = this.found.get();
		Expectation expectation = this.loader.load(connection, everyChecksum, previous);
		// a readiness check lives long and keeps only what it compares
		return keep((everyChecksum || expectation == previous) ? expectation : expectation.withoutParse());
	}

	private Expectation knownExpectation(Connection connection) {
		Expectation known = this.loader.loadWithoutParse(connection, true, this.found.get());
		return (known != null) ? keep(known) : null;
	}

	private Expectation keep(Expectation expectation) {
		this.found.set(expectation);
		return expectation;
	}

	// Liquibase's own rule, as its validation before an update applies it: an applied
	// changeset keeps its checksum (by the algorithm that stored it) or a validCheckSum
	private void validateChecksums(Connection connection, Expectation expectation,
			Map<ChangeSetRef, String> appliedChecksums) {
		Set<ChangeSetRef> suspects = StatusComparison.checksumSuspects(expectation.changeSets(), appliedChecksums);
		if (suspects.isEmpty()) {
			return;
		}
		List<ChangeSetRef> edited = keep(this.loader.withParse(connection, expectation)).parse()
			.edited(suspects, appliedChecksums);
		if (!edited.isEmpty()) {
			throw new EditedChangeSetsException(this.liquibase.getChangeLog(), edited);
		}
	}

	// another bean's broken changelog is that bean's failure to report; here its rows
	// stay unknown
	private List<ChangeSetRef> unknownToOthers(Connection connection, List<ChangeSetRef> unknown) {
		List<ChangeSetRef> remaining = unknown;
		for (ChangelogStatusReader other : this.sharingTable) {
			try {
				Set<ChangeSetRef> known = other.expectation(connection, false).changeSets().all();
				remaining = remaining.stream().filter((ref) -> !known.contains(ref)).toList();
			}
			catch (StatusUnavailableException ex) {
				logger.debug("Changesets of " + other.liquibase.getChangeLog() + " unknown: " + ex.getMessage());
			}
		}
		return remaining;
	}

	private StatusUnavailableException unreadable(SQLException ex) {
		return new StatusUnavailableException("Cannot read the changelog table: "
				+ Redaction.text(ex.getMessage(), Redaction.secretsOf(this.dataSource)), ex);
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

}
