package dev.migrationstarter.liquibase.status;

import dev.migrationstarter.testsupport.DatabaseServer;
import org.junit.jupiter.api.Test;

/**
 * {@link ChangelogStatusReader} against MariaDb.
 *
 * @author migration-starter
 */
class MariaDbChangelogStatusReaderIntegrationTests extends AbstractChangelogStatusReaderIntegrationTests {

	@Override
	protected DatabaseServer server() {
		return DatabaseServer.mariadb();
	}

	@Test
	void worksForALoginThatMayOnlySelect() throws Exception {
		assertWorksForALoginThatMayOnlySelect();
	}

}
