package dev.migrationstarter.sample.process;

import java.nio.file.Path;
import java.sql.SQLException;

import dev.migrationstarter.testsupport.DatabaseKind;
import dev.migrationstarter.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterEach;

/**
 * Operator modes as real processes against an H2 file database shared by the processes.
 *
 * @author migration-starter
 */
class H2OperatorModesProcessIT extends AbstractOperatorModesProcessIT {

	private H2Host host;

	@Override
	protected TestDatabase createDatabase(Path workDir) {
		TestDatabase database = new TestDatabase(DatabaseKind.H2,
				"jdbc:h2:file:" + workDir.resolve("operator") + ";AUTO_SERVER=TRUE", "sa", "");
		this.host = H2Host.open(database);
		return database;
	}

	@AfterEach
	void closeHost() throws SQLException {
		this.host.close();
	}

	@Override
	protected String unreachableUrl() {
		return "jdbc:h2:tcp://127.0.0.1:1/unreachable";
	}

}
