package dev.migrationstarter.lock;

import dev.migrationstarter.testsupport.DatabaseServer;

/**
 * {@link ShedLockMigrationLock} against Postgres.
 *
 * @author migration-starter
 */
class PostgresMigrationLockIntegrationTests extends AbstractMigrationLockIntegrationTests {

	@Override
	protected DatabaseServer server() {
		return DatabaseServer.postgres();
	}

}
