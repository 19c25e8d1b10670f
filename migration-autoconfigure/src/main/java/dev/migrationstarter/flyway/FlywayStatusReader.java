package dev.migrationstarter.flyway;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import dev.migrationstarter.core.ChangeRef;
import dev.migrationstarter.core.MigrationFailures;
import dev.migrationstarter.core.MigrationStatus;
import dev.migrationstarter.core.StatusUnavailableException;
import dev.migrationstarter.jdbc.Redaction;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.output.ValidateOutput;
import org.flywaydb.core.api.output.ValidateResult;
import org.flywaydb.core.api.pattern.ValidatePattern;

import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * Compares a database with the migrations of a {@link Flyway} bean, reading only.
 *
 * <p>
 * The algorithm:
 * <ol>
 * <li>Copy the bean's configuration without its callbacks (a read runs none of the
 * application's SQL or Java callbacks) and call {@code info()}: it resolves the
 * migrations and selects the schema history table, and creates no schema and no table,
 * whatever {@code createSchemas} says. A missing table means nothing is applied.</li>
 * <li>Pending is what {@code migrate} would run: every migration in state {@code PENDING}
 * (versioned ones above the latest applied one, lower ones too with {@code outOfOrder},
 * new and edited repeatable ones), a {@code FAILED} one, and an {@code IGNORED} one
 * (below the latest applied without {@code outOfOrder}) unless the configured
 * {@code ignoreMigrationPatterns} accept it: {@code migrate} refuses to run past it, so
 * the schema stays behind. {@code BASELINE}, {@code BELOW_BASELINE} and
 * {@code ABOVE_TARGET} ones are never pending.</li>
 * <li>Applied migrations that the application does not have ({@code FUTURE} above the
 * latest, {@code MISSING} below) are unknown: the database is ahead.</li>
 * <li>With validation (and {@code validateOnMigrate}), Flyway's own {@code validate} runs
 * as {@code migrate} runs it (the configured ignore patterns plus {@code *:pending}); an
 * edited, failed or refused migration is a changelog problem.</li>
 * </ol>
 *
 * @author migration-starter
 */
final class FlywayStatusReader {

	private static final Log logger = LogFactory.getLog(FlywayStatusReader.class);

	private static final Set<MigrationState> APPLIED = EnumSet.of(MigrationState.SUCCESS, MigrationState.OUT_OF_ORDER);

	private static final Set<MigrationState> UNKNOWN = EnumSet.of(MigrationState.FUTURE_SUCCESS,
			MigrationState.FUTURE_FAILED, MigrationState.MISSING_SUCCESS, MigrationState.MISSING_FAILED);

	private final Configuration configuration;

	private final Clock clock;

	FlywayStatusReader(Configuration configuration, Clock clock) {
		this.configuration = configuration;
		this.clock = clock;
	}

	/**
	 * Read the database.
	 * @param dataSource the database to read
	 * @param timeout the longest a statement may wait for the database, or {@code null}
	 * @param validate whether to fail as {@code migrate}'s validation would
	 * @return the status
	 */
	MigrationStatus read(DataSource dataSource, Duration timeout, boolean validate) {
		Snapshot snapshot = snapshot(dataSource, timeout);
		if (validate && this.configuration.isValidateOnMigrate()) {
			validate(dataSource, timeout, snapshot);
		}
		return snapshot.status(this.clock);
	}

	/**
	 * Whether {@code migrate} would change nothing.
	 * @param dataSource the database to read
	 * @param read told about the migrations read, unless the read failed
	 * @return whether the migration can be skipped
	 */
	boolean isUpToDateForMigration(DataSource dataSource, Consumer<Snapshot> read) {
		try {
			Snapshot snapshot = snapshot(dataSource, null);
			read.accept(snapshot);
			if (snapshot.migrations().stream().noneMatch(MigrationInfo::isApplied)) {
				// migrate creates the history table (and may baseline or create schemas)
				return migrationNeeded("the schema history table is missing or empty");
			}
			if (!snapshot.pending().isEmpty()) {
				return migrationNeeded(snapshot.pending().size() + " migrations pending");
			}
			if (this.configuration.isValidateOnMigrate()) {
				validate(dataSource, null, snapshot);
			}
			return true;
		}
		catch (RuntimeException ex) {
			logger.debug("Up-to-date check of Flyway failed; the migration runs", ex);
			return false;
		}
	}

	/**
	 * Read every migration the application and the database know.
	 * @param dataSource the database to read
	 * @param timeout the longest a statement may wait, or {@code null}
	 * @return the migrations, in the order {@code migrate} considers them
	 */
	Snapshot snapshot(DataSource dataSource, Duration timeout) {
		try {
			MigrationInfo[] all = reading(dataSource, timeout, this.configuration.getIgnoreMigrationPatterns()).info()
				.all();
			return new Snapshot(List.of(all), this.configuration.getIgnoreMigrationPatterns());
		}
		catch (FlywayException ex) {
			throw unavailable(dataSource, ex);
		}
	}

	/**
	 * Whether the database has no schema history table yet and Flyway's schemas hold
	 * nothing but migration-starter's own tables (the migration lock it holds now), which
	 * Flyway would take for an existing schema that needs a baseline.
	 * @param dataSource the database
	 * @param ownTables the names of migration-starter's own tables
	 * @return whether only the starter's tables stand in the way of a fresh migration
	 */
	boolean holdsOnlyOwnTables(DataSource dataSource, Collection<String> ownTables) {
		Set<String> own = ownTables.stream()
			.map((name) -> name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT))
			.collect(Collectors.toSet());
		String history = this.configuration.getTable().toLowerCase(Locale.ROOT);
		try (Connection connection = dataSource.getConnection()) {
			Set<String> tables = new HashSet<>();
			for (String schema : schemas(connection)) {
				tables.addAll(tables(connection, schema));
			}
			return !tables.isEmpty() && !tables.contains(history) && own.containsAll(tables);
		}
		catch (SQLException ex) {
			logger.debug("Could not list the tables of Flyway's schemas", ex);
			return false;
		}
	}

	private List<String> schemas(Connection connection) throws SQLException {
		if (this.configuration.getSchemas().length > 0) {
			return List.of(this.configuration.getSchemas());
		}
		String schema = (this.configuration.getDefaultSchema() != null) ? this.configuration.getDefaultSchema()
				: (connection.getSchema() != null) ? connection.getSchema() : connection.getCatalog();
		return (schema != null) ? List.of(schema) : List.of();
	}

	private static Set<String> tables(Connection connection, String schema) throws SQLException {
		DatabaseMetaData metaData = connection.getMetaData();
		// MariaDB and MySQL call a schema a catalog
		boolean catalogs = connection.getSchema() == null;
		Set<String> names = new HashSet<>();
		for (String candidate : List.of(schema, schema.toLowerCase(Locale.ROOT), schema.toUpperCase(Locale.ROOT))) {
			try (ResultSet rows = catalogs ? metaData.getTables(candidate, null, "%", null)
					: metaData.getTables(null, candidate, "%", null)) {
				while (rows.next()) {
					String type = String.valueOf(rows.getString("TABLE_TYPE")).toUpperCase(Locale.ROOT);
					if (!type.contains("INDEX")) {
						names.add(rows.getString("TABLE_NAME").toLowerCase(Locale.ROOT));
					}
				}
			}
		}
		return names;
	}

	/**
	 * Fail as {@code migrate}'s own validation would, naming the migrations by their
	 * scripts, when {@code validateOnMigrate} is set.
	 * @param dataSource the database to read
	 * @param snapshot the migrations read from it
	 * @throws StatusUnavailableException if a migration is invalid or the database could
	 * not be read
	 */
	void validateForMigration(DataSource dataSource, Snapshot snapshot) {
		if (this.configuration.isValidateOnMigrate()) {
			validate(dataSource, null, snapshot);
		}
	}

	private void validate(DataSource dataSource, Duration timeout, Snapshot snapshot) {
		List<ValidatePattern> patterns = new ArrayList<>(
				Arrays.asList(this.configuration.getIgnoreMigrationPatterns()));
		patterns.add(ValidatePattern.fromPattern("*:pending"));
		ValidateResult result;
		try {
			result = reading(dataSource, timeout, patterns.toArray(ValidatePattern[]::new)).validateWithResult();
		}
		catch (FlywayException ex) {
			throw unavailable(dataSource, ex);
		}
		if (!result.validationSuccessful) {
			throw new StatusUnavailableException("Flyway validation failed: " + describe(result, snapshot), null, true);
		}
	}

	private static String describe(ValidateResult result, Snapshot snapshot) {
		List<ValidateOutput> invalid = (result.invalidMigrations != null) ? result.invalidMigrations : List.of();
		if (invalid.isEmpty()) {
			return FlywayFailures.firstLine(result.errorDetails.errorMessage);
		}
		ValidateOutput first = invalid.get(0);
		String more = (invalid.size() > 1) ? " (and " + (invalid.size() - 1) + " more)" : "";
		String name = snapshot.nameOf(first);
		return ((name != null) ? name + ": " : "") + FlywayFailures.firstLine(first.errorDetails.errorMessage) + more;
	}

	private StatusUnavailableException unavailable(DataSource dataSource, FlywayException failure) {
		boolean database = MigrationFailures.isConnectionFailure(failure) || FlywayFailures.isSqlFailure(failure);
		String message = (database ? "Cannot read Flyway's schema history table: "
				: "Cannot resolve Flyway's migrations: ")
				+ Redaction.text(MigrationFailures.rootMessage(failure), Redaction.secretsOf(dataSource));
		return new StatusUnavailableException(message, failure, !database);
	}

	private Flyway reading(DataSource dataSource, Duration timeout, ValidatePattern[] ignorePatterns) {
		return Flyway.configure(this.configuration.getClassLoader())
			.configuration(this.configuration)
			.dataSource((timeout != null) ? new NetworkTimeoutDataSource(dataSource, timeout) : dataSource)
			.callbacks(new Callback[0])
			.callbacks(new String[0])
			.skipDefaultCallbacks(true)
			.ignoreMigrationPatterns(ignorePatterns)
			.load();
	}

	private static boolean migrationNeeded(String reason) {
		logger.debug("Flyway migration needed: " + reason);
		return false;
	}

	static ChangeRef ref(MigrationInfo migration) {
		return new ChangeRef(FlywayScripts.name(migration));
	}

	/**
	 * The migrations of one read.
	 *
	 * @param migrations every migration, in the order {@code migrate} considers them
	 * @param ignorePatterns the patterns whose matches {@code migrate} accepts
	 */
	record Snapshot(List<MigrationInfo> migrations, ValidatePattern[] ignorePatterns) {

		/**
		 * The migrations {@code migrate} would run, in order.
		 * @return the migrations in state {@code PENDING}
		 */
		List<MigrationInfo> toRun() {
			return this.migrations.stream()
				.filter((migration) -> migration.getState() == MigrationState.PENDING)
				.toList();
		}

		/**
		 * The migrations the schema lacks: those {@code migrate} would run, and those it
		 * refuses to run past.
		 * @return the pending migrations, in order
		 */
		List<MigrationInfo> pending() {
			return this.migrations.stream().filter(this::isPending).toList();
		}

		private boolean isPending(MigrationInfo migration) {
			MigrationState state = migration.getState();
			if (state == MigrationState.PENDING || state == MigrationState.FAILED) {
				return true;
			}
			return state == MigrationState.IGNORED && Arrays.stream(this.ignorePatterns)
				.noneMatch((pattern) -> pattern.matchesMigration(migration.isVersioned(), state));
		}

		/**
		 * The name of the migration that a validation output is about.
		 * @param output the output
		 * @return the migration's name, or {@code null} when none matches
		 */
		String nameOf(ValidateOutput output) {
			boolean versioned = output.version != null && !output.version.isEmpty();
			return this.migrations.stream()
				.filter((migration) -> versioned
						? migration.getVersion() != null && migration.getVersion().getVersion().equals(output.version)
						: migration.getVersion() == null && migration.getDescription().equals(output.description))
				.filter((migration) -> migration.getScript() != null)
				.map(FlywayScripts::name)
				.findFirst()
				.orElse(null);
		}

		MigrationStatus status(Clock clock) {
			List<ChangeRef> pending = pending().stream().map(FlywayStatusReader::ref).toList();
			int applied = (int) this.migrations.stream()
				.filter((migration) -> APPLIED.contains(migration.getState()) && !migration.getType().isSynthetic())
				.count();
			List<ChangeRef> unknown = this.migrations.stream()
				.filter((migration) -> UNKNOWN.contains(migration.getState()) && !migration.getType().isSynthetic())
				.map(FlywayStatusReader::ref)
				.toList();
			return new MigrationStatus(pending, applied, unknown, clock.instant());
		}

	}

	/**
	 * Bounds how long each statement of a read may wait for the database.
	 */
	private static final class NetworkTimeoutDataSource extends DelegatingDataSource {

		private final int timeoutMillis;

		NetworkTimeoutDataSource(DataSource dataSource, Duration timeout) {
			super(dataSource);
			this.timeoutMillis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
		}

		@Override
		public Connection getConnection() throws SQLException {
			Connection connection = super.getConnection();
			try {
				connection.setNetworkTimeout(Runnable::run, this.timeoutMillis);
			}
			catch (SQLFeatureNotSupportedException ex) {
				// an embedded database has no network to wait for
			}
			return connection;
		}

	}

}
