package dev.migrationstarter.liquibase.status;

import dev.migrationstarter.testsupport.DatabaseServer;
import org.junit.jupiter.api.Test;

/**
 * {@link ChangelogStatusReader} against Postgres.
 *
 * @author migration-starter
 */
class PostgresChangelogStatusReaderIntegrationTests extends AbstractChangelogStatusReaderIntegrationTests {

	@Override
	protected DatabaseServer server() {
		return DatabaseServer.postgres();
	}

	@Test
	void worksForALoginThatMayOnlySelect() throws Exception {
		assertWorksForALoginThatMayOnlySelect();
	}

}
