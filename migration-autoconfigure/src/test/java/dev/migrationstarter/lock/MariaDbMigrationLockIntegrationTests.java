package dev.migrationstarter.lock;

import dev.migrationstarter.testsupport.DatabaseServer;

/**
 * The session lock against MariaDB ({@code GET_LOCK}).
 *
 * @author migration-starter
 */
class MariaDbMigrationLockIntegrationTests extends AbstractSessionMigrationLockIntegrationTests {

	@Override
	protected DatabaseServer server() {
		return DatabaseServer.mariadb();
	}

}
