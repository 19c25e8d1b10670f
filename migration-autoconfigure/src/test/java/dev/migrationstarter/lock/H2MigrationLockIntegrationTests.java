package dev.migrationstarter.lock;

import dev.migrationstarter.testsupport.DatabaseServer;

/**
 * The ShedLock lease against H2, where it is the migration lock.
 *
 * @author migration-starter
 */
class H2MigrationLockIntegrationTests extends AbstractLeaseMigrationLockIntegrationTests {

	@Override
	protected DatabaseServer server() {
		return DatabaseServer.h2();
	}

}
