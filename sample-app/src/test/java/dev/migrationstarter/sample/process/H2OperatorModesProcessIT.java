package dev.migrationstarter.sample.process;

import java.nio.file.Path;

import dev.migrationstarter.testsupport.DatabaseKind;
import dev.migrationstarter.testsupport.TestDatabase;

/**
 * Operator modes as real processes against an H2 file database shared by the processes.
 *
 * @author migration-starter
 */
class H2OperatorModesProcessIT extends AbstractOperatorModesProcessIT {

	@Override
	protected TestDatabase createDatabase(Path workDir) {
		return new TestDatabase(DatabaseKind.H2, "jdbc:h2:file:" + workDir.resolve("operator") + ";AUTO_SERVER=TRUE",
				"sa", "");
	}

	@Override
	protected String unreachableUrl() {
		return "jdbc:h2:tcp://127.0.0.1:1/unreachable";
	}

}
