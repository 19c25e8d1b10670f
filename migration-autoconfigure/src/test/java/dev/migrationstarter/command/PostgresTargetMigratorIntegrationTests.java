package dev.migrationstarter.command;

import dev.migrationstarter.testsupport.DatabaseServer;

/**
 * The migrator around the lock of PostgreSQL, where the lock is a session lock.
 *
 * @author migration-starter
 */
class PostgresTargetMigratorIntegrationTests extends AbstractTargetMigratorIntegrationTests {

	@Override
	protected DatabaseServer server() {
		return DatabaseServer.postgres();
	}

}
