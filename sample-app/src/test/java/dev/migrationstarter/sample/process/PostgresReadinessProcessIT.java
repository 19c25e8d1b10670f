package dev.migrationstarter.sample.process;

import java.nio.file.Path;

import dev.migrationstarter.testsupport.DatabaseServer;
import dev.migrationstarter.testsupport.TestDatabase;

/**
 * The readiness probe against PostgreSQL.
 *
 * @author migration-starter
 */
class PostgresReadinessProcessIT extends AbstractReadinessProcessIT {

	@Override
	protected TestDatabase createDatabase(Path workDir) {
		return DatabaseServer.postgres().createDatabase();
	}

}
