package dev.migrationstarter.sample.process;

import dev.migrationstarter.sample.process.AppProcess.Result;
import dev.migrationstarter.testsupport.DatabaseServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --migrate-only} processes against MariaDB.
 *
 * @author migration-starter
 */
class MariaDbMigrateOnlyProcessIT extends AbstractMigrateOnlyProcessIT {

	@Override
	protected DatabaseServer server() {
		return DatabaseServer.mariadb();
	}

	@Test
	void aFirstMigrationFindsItsTablesMissingWithoutAFailingQuery() {
		Result result = AppProcess.sampleJar(this.workDir, "--migrate-only")
			.named("first")
			.database(this.database)
			.arg("--logging.level.org.mariadb.jdbc.message.server.ErrorPacket=warn")
			.run();
		assertThat(result.exitCode()).as(result.toString()).isZero();
		assertThat(result.output()).doesNotContain("ErrorPacket").doesNotContain("doesn't exist");
	}

}
