package dev.migrationstarter.sample.process;

import java.nio.file.Path;

import dev.migrationstarter.testsupport.DatabaseServer;
import dev.migrationstarter.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;

/**
 * The sample's Flyway twin as real processes against PostgreSQL.
 *
 * @author migration-starter
 */
class PostgresFlywayProcessIT extends AbstractFlywayProcessIT {

	@Override
	protected TestDatabase createDatabase(Path workDir) {
		return DatabaseServer.postgres().createDatabase();
	}

	@Test
	void aMigratorKilledMidMigrationFreesTheLockAtOnce() {
		killMidMigrationThenMigrateAgain();
	}

}
