package dev.migrationstarter.command;

import dev.migrationstarter.testsupport.DatabaseServer;

/**
 * The migrator around the lock of MariaDB, where the lock is a session lock.
 *
 * @author migration-starter
 */
class MariaDbTargetMigratorIntegrationTests extends AbstractTargetMigratorIntegrationTests {

	@Override
	protected DatabaseServer server() {
		return DatabaseServer.mariadb();
	}

}
