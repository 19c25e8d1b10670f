package dev.migrationstarter.sample.process;

import java.nio.file.Path;

import dev.migrationstarter.testsupport.DatabaseServer;
import dev.migrationstarter.testsupport.TestDatabase;

/**
 * Operator modes as real processes against MariaDB.
 *
 * @author migration-starter
 */
class MariaDbOperatorModesProcessIT extends AbstractOperatorModesProcessIT {

	@Override
	protected TestDatabase createDatabase(Path workDir) {
		return DatabaseServer.mariadb().createDatabase();
	}

	@Override
	protected String unreachableUrl() {
		return DatabaseServer.mariadb().closedPortUrl();
	}

}
