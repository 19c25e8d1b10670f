package dev.migrationstarter.sample.process;

import dev.migrationstarter.testsupport.DatabaseServer;

/**
 * {@code --migrate-only} processes against MariaDB.
 *
 * @author migration-starter
 */
class MariaDbMigrateOnlyProcessIT extends AbstractMigrateOnlyProcessIT {

	@Override
	protected DatabaseServer server() {
		return DatabaseServer.mariadb();
	}

}
