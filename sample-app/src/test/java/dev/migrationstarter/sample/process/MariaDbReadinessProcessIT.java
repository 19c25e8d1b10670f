package dev.migrationstarter.sample.process;

import java.nio.file.Path;

import dev.migrationstarter.testsupport.DatabaseServer;
import dev.migrationstarter.testsupport.TestDatabase;

/**
 * The readiness probe against MariaDB.
 *
 * @author migration-starter
 */
class MariaDbReadinessProcessIT extends AbstractReadinessProcessIT {

	@Override
	protected TestDatabase createDatabase(Path workDir) {
		return DatabaseServer.mariadb().createDatabase();
	}

}
