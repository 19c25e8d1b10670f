package dev.migrationstarter.sample.process;

import dev.migrationstarter.testsupport.DatabaseServer;

/**
 * Processes whose database stops answering, against MariaDB.
 *
 * @author migration-starter
 */
class MariaDbUnansweringDatabaseProcessIT extends AbstractUnansweringDatabaseProcessIT {

	@Override
	protected DatabaseServer server() {
		return DatabaseServer.mariadb();
	}

}
