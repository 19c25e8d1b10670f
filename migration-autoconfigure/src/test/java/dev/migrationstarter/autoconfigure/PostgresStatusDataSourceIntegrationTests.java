package dev.migrationstarter.autoconfigure;

import dev.migrationstarter.testsupport.DatabaseServer;

/**
 * Which database and login read a bean's status, on PostgreSQL.
 *
 * @author migration-starter
 */
class PostgresStatusDataSourceIntegrationTests extends AbstractStatusDataSourceIntegrationTests {

	@Override
	protected DatabaseServer server() {
		return DatabaseServer.postgres();
	}

}
