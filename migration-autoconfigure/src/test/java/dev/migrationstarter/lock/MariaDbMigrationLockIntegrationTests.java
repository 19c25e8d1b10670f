package dev.migrationstarter.lock;

import dev.migrationstarter.testsupport.DatabaseServer;

/**
 * {@link ShedLockMigrationLock} against MariaDb.
 *
 * @author migration-starter
 */
class MariaDbMigrationLockIntegrationTests extends AbstractMigrationLockIntegrationTests {

	@Override
	protected DatabaseServer server() {
		return DatabaseServer.mariadb();
	}

}
