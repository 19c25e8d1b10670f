package dev.migrationstarter.sample.process;

import java.nio.file.Path;

import dev.migrationstarter.testsupport.DatabaseKind;
import dev.migrationstarter.testsupport.TestDatabase;

/**
 * The sample's Flyway twin as real processes against an H2 file database shared by the
 * processes.
 *
 * @author migration-starter
 */
class H2FlywayProcessIT extends AbstractFlywayProcessIT {

	@Override
	protected TestDatabase createDatabase(Path workDir) {
		return new TestDatabase(DatabaseKind.H2, "jdbc:h2:file:" + workDir.resolve("flyway") + ";AUTO_SERVER=TRUE",
				"sa", "");
	}

}
