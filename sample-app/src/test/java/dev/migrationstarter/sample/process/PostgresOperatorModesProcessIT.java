package dev.migrationstarter.sample.process;

import java.nio.file.Path;

import dev.migrationstarter.testsupport.DatabaseServer;
import dev.migrationstarter.testsupport.TestDatabase;

/**
 * Operator modes as real processes against PostgreSQL.
 *
 * @author migration-starter
 */
class PostgresOperatorModesProcessIT extends AbstractOperatorModesProcessIT {

	@Override
	protected TestDatabase createDatabase(Path workDir) {
		return DatabaseServer.postgres().createDatabase();
	}

	@Override
	protected String unreachableUrl() {
		return DatabaseServer.postgres().closedPortUrl();
	}

}
