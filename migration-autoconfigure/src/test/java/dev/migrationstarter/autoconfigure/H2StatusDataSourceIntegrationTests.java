package dev.migrationstarter.autoconfigure;

import dev.migrationstarter.testsupport.DatabaseServer;

/**
 * Which database and login read a bean's status, on H2.
 *
 * @author migration-starter
 */
class H2StatusDataSourceIntegrationTests extends AbstractStatusDataSourceIntegrationTests {

	@Override
	protected DatabaseServer server() {
		return DatabaseServer.h2();
	}

}
