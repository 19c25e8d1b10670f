package dev.migrationstarter.flyway;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Set;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * Lets Flyway migrate a schema that holds nothing but migration-starter's own tables (the
 * migration lock that the starter creates before the first migration), which Flyway would
 * otherwise refuse as a non-empty schema without a history table.
 *
 * <ol>
 * <li>Before migrating: when Flyway's history table is missing, its schemas hold only the
 * starter's tables and no migration has a version at or below 0, baseline at version 0
 * with a description of the starter's own, so every migration runs as on an empty
 * schema.</li>
 * <li>Right after Flyway wrote that baseline, before the first migration runs: delete the
 * marker row again, so the history holds only migrations, as it would have on an empty
 * schema. Should the delete fail, the row stays; Flyway counts it as a baseline, never as
 * a migration.</li>
 * </ol>
 *
 * @author migration-starter
 */
final class OwnTablesBaseline {

	static final String DESCRIPTION = "<< migration-starter: schema held only its own tables >>";

	private static final Log logger = LogFactory.getLog(OwnTablesBaseline.class);

	private static final MigrationVersion ZERO = MigrationVersion.fromVersion("0");

	private final Set<String> ownTables;

	OwnTablesBaseline(Collection<String> ownTables) {
		this.ownTables = Set.copyOf(ownTables);
	}

	/**
	 * Whether the schema holds only the starter's tables, so that Flyway needs the
	 * baseline.
	 * @param reader reads the schema
	 * @param dataSource the data source that migrates
	 * @param snapshot the migrations read from it
	 * @return whether the baseline is needed
	 */
	boolean applies(FlywayStatusReader reader, DataSource dataSource, FlywayStatusReader.Snapshot snapshot) {
		return !this.ownTables.isEmpty() && reader.holdsOnlyOwnTables(dataSource, this.ownTables) && snapshot
			.migrations()
			.stream()
			.noneMatch((migration) -> migration.getVersion() != null && migration.getVersion().compareTo(ZERO) <= 0);
	}

	/**
	 * Configure the baseline.
	 * @param migrating the configuration about to migrate
	 * @return the callback that deletes the marker row once Flyway wrote it
	 */
	Callback configure(FluentConfiguration migrating) {
		migrating.baselineOnMigrate(true).baselineVersion(ZERO).baselineDescription(DESCRIPTION);
		return new MarkerRemoval(migrating);
	}

	private static String historyTable(Configuration configuration, String quote) {
		String schema = (configuration.getDefaultSchema() != null) ? configuration.getDefaultSchema()
				: (configuration.getSchemas().length > 0) ? configuration.getSchemas()[0] : null;
		String table = quote + configuration.getTable() + quote;
		return (schema != null) ? quote + schema + quote + "." + table : table;
	}

	/**
	 * Deletes the baseline marker on Flyway's own connection, right after the baseline.
	 */
	private static final class MarkerRemoval implements Callback {

		private final Configuration configuration;

		MarkerRemoval(Configuration configuration) {
			this.configuration = configuration;
		}

		@Override
		public boolean supports(Event event, Context context) {
			return event == Event.AFTER_BASELINE;
		}

		@Override
		public boolean canHandleInTransaction(Event event, Context context) {
			return true;
		}

		@Override
		public void handle(Event event, Context context) {
			Connection connection = context.getConnection();
			try {
				String quote = connection.getMetaData().getIdentifierQuoteString().strip();
				String sql = "DELETE FROM " + historyTable(this.configuration, quote) + " WHERE " + quote + "type"
						+ quote + " = 'BASELINE' AND " + quote + "description" + quote + " = ?";
				try (PreparedStatement delete = connection.prepareStatement(sql)) {
					delete.setString(1, DESCRIPTION);
					delete.executeUpdate();
				}
			}
			catch (SQLException ex) {
				logger.debug("Could not delete the baseline marker from Flyway's schema history table", ex);
			}
		}

		@Override
		public String getCallbackName() {
			return "migration-starter baseline marker removal";
		}

	}

}
