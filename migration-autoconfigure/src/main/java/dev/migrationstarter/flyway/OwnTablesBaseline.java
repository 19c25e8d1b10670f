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
 * <li>After migrating, successful or not: delete that one marker row, so the history
 * holds only migrations, as it would have on an empty schema. Should the delete fail, the
 * row stays; Flyway counts it as a baseline, never as a migration.</li>
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
	 * Configure the baseline when the schema holds only the starter's tables.
	 * @param migrating the configuration about to migrate
	 * @param reader reads the schema
	 * @param dataSource the data source that migrates
	 * @return whether the baseline was configured
	 */
	boolean configure(FluentConfiguration migrating, FlywayStatusReader reader, DataSource dataSource) {
		if (this.ownTables.isEmpty() || !reader.holdsOnlyOwnTables(dataSource, this.ownTables)) {
			return false;
		}
		boolean migrationAtOrBelowZero = reader.snapshot(dataSource, null)
			.migrations()
			.stream()
			.anyMatch((migration) -> migration.getVersion() != null && migration.getVersion().compareTo(ZERO) <= 0);
		if (migrationAtOrBelowZero) {
			return false;
		}
		migrating.baselineOnMigrate(true).baselineVersion(ZERO).baselineDescription(DESCRIPTION);
		return true;
	}

	/**
	 * Delete the marker row that {@link #configure} led Flyway to write.
	 * @param configuration the configuration that migrated
	 * @param dataSource the data source that migrated
	 */
	void removeMarker(Configuration configuration, DataSource dataSource) {
		try (Connection connection = dataSource.getConnection()) {
			String quote = connection.getMetaData().getIdentifierQuoteString().strip();
			String sql = "DELETE FROM " + historyTable(configuration, quote) + " WHERE " + quote + "type" + quote
					+ " = 'BASELINE' AND " + quote + "description" + quote + " = ?";
			try (PreparedStatement delete = connection.prepareStatement(sql)) {
				delete.setString(1, DESCRIPTION);
				delete.executeUpdate();
			}
			if (!connection.getAutoCommit()) {
				connection.commit();
			}
		}
		catch (SQLException ex) {
			logger.debug("Could not delete the baseline marker from Flyway's schema history table", ex);
		}
	}

	private static String historyTable(Configuration configuration, String quote) {
		String schema = (configuration.getDefaultSchema() != null) ? configuration.getDefaultSchema()
				: (configuration.getSchemas().length > 0) ? configuration.getSchemas()[0] : null;
		String table = quote + configuration.getTable() + quote;
		return (schema != null) ? quote + schema + quote + "." + table : table;
	}

}
