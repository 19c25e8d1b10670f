package dev.migrationstarter.lock;

import dev.migrationstarter.testsupport.DatabaseServer;

/**
 * The ShedLock lease against MariaDB: the starter uses its row there only as the record
 * of the session lock, and its contract holds all the same.
 *
 * @author migration-starter
 */
class MariaDbLeaseMigrationLockIntegrationTests extends AbstractLeaseMigrationLockIntegrationTests {

	@Override
	protected DatabaseServer server() {
		return DatabaseServer.mariadb();
	}

}
