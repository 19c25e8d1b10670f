package dev.migrationstarter.sample.process;

import dev.migrationstarter.testsupport.DatabaseServer;

/**
 * {@code --migrate-only} processes against PostgreSQL.
 *
 * @author migration-starter
 */
class PostgresMigrateOnlyProcessIT extends AbstractMigrateOnlyProcessIT {

	@Override
	protected DatabaseServer server() {
		return DatabaseServer.postgres();
	}

}
