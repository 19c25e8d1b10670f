package dev.migrationstarter.lock;

import dev.migrationstarter.testsupport.DatabaseServer;

/**
 * The ShedLock lease against PostgreSQL: the starter uses its row there only as the
 * record of the session lock, and its contract holds all the same.
 *
 * @author migration-starter
 */
class PostgresLeaseMigrationLockIntegrationTests extends AbstractLeaseMigrationLockIntegrationTests {

	@Override
	protected DatabaseServer server() {
		return DatabaseServer.postgres();
	}

}
