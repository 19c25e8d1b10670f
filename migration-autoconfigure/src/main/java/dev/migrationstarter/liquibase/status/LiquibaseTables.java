package dev.migrationstarter.liquibase.status;

import java.sql.Connection;
import java.sql.SQLException;

import dev.migrationstarter.jdbc.OwnTables;
import liquibase.integration.spring.SpringLiquibase;

import org.springframework.util.StringUtils;

/**
 * Names Liquibase's tracking tables as a {@link SpringLiquibase} bean configures them:
 * table names and the schema that qualifies them.
 *
 * @author migration-starter
 */
public final class LiquibaseTables {

	private LiquibaseTables() {
	}

	/**
	 * The changelog table, unqualified.
	 * @param liquibase the bean
	 * @return the table name
	 */
	public static String changelogTable(SpringLiquibase liquibase) {
		return StringUtils.hasText(liquibase.getDatabaseChangeLogTable()) ? liquibase.getDatabaseChangeLogTable()
				: "DATABASECHANGELOG";
	}

	/**
	 * Liquibase's lock table, unqualified.
	 * @param liquibase the bean
	 * @return the table name
	 */
	public static String changelogLockTable(SpringLiquibase liquibase) {
		return StringUtils.hasText(liquibase.getDatabaseChangeLogLockTable())
				? liquibase.getDatabaseChangeLogLockTable() : "DATABASECHANGELOGLOCK";
	}

	/**
	 * The schema of Liquibase's tables, or {@code null} for the connection's own.
	 * @param liquibase the bean
	 * @return the schema
	 */
	public static String schema(SpringLiquibase liquibase) {
		if (StringUtils.hasText(liquibase.getLiquibaseSchema())) {
			return liquibase.getLiquibaseSchema();
		}
		return StringUtils.hasText(liquibase.getDefaultSchema()) ? liquibase.getDefaultSchema() : null;
	}

	/**
	 * A table name qualified by the schema of Liquibase's tables.
	 * @param liquibase the bean
	 * @param table the table
	 * @return the qualified name
	 */
	public static String qualified(SpringLiquibase liquibase, String table) {
		String schema = schema(liquibase);
		return (schema != null) ? schema + "." + table : table;
	}

	/**
	 * Whether the changelog table exists, read from the metadata (a probing query would
	 * log a failed statement on some drivers).
	 * @param liquibase the bean
	 * @param connection a connection to the bean's database
	 * @return whether a release has migrated the database
	 * @throws SQLException if the metadata cannot be read
	 */
	public static boolean changelogTableExists(SpringLiquibase liquibase, Connection connection) throws SQLException {
		return OwnTables.exists(connection, qualified(liquibase, changelogTable(liquibase)));
	}

}
