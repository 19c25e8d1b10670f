package dev.migrationstarter.command;

import dev.migrationstarter.testsupport.DatabaseServer;

/**
 * The migrator around the lock of H2, where the lock is a lease.
 *
 * @author migration-starter
 */
class H2TargetMigratorIntegrationTests extends AbstractTargetMigratorIntegrationTests {

	@Override
	protected DatabaseServer server() {
		return DatabaseServer.h2();
	}

}
