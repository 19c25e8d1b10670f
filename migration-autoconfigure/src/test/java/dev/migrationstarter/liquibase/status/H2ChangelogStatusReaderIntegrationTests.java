package dev.migrationstarter.liquibase.status;

import dev.migrationstarter.testsupport.DatabaseServer;

/**
 * {@link ChangelogStatusReader} against H2.
 *
 * @author migration-starter
 */
class H2ChangelogStatusReaderIntegrationTests extends AbstractChangelogStatusReaderIntegrationTests {

	@Override
	protected DatabaseServer server() {
		return DatabaseServer.h2();
	}

}
