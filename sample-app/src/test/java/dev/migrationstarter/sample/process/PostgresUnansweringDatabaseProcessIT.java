package dev.migrationstarter.sample.process;

import dev.migrationstarter.testsupport.DatabaseServer;

/**
 * Processes whose database stops answering, against PostgreSQL.
 *
 * @author migration-starter
 */
class PostgresUnansweringDatabaseProcessIT extends AbstractUnansweringDatabaseProcessIT {

	@Override
	protected DatabaseServer server() {
		return DatabaseServer.postgres();
	}

}
