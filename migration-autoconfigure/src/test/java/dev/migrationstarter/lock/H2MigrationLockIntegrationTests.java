package dev.migrationstarter.lock;

import dev.migrationstarter.testsupport.DatabaseServer;

/**
 * {@link ShedLockMigrationLock} against H2.
 *
 * @author migration-starter
 */
class H2MigrationLockIntegrationTests extends AbstractMigrationLockIntegrationTests {

	@Override
	protected DatabaseServer server() {
		return DatabaseServer.h2();
	}

}
