package dev.migrationstarter.flyway;

import dev.migrationstarter.testsupport.DatabaseServer;
import dev.migrationstarter.testsupport.TestDatabase;

/**
 * {@link FlywayTarget} against H2.
 *
 * @author migration-starter
 */
class H2FlywayTargetIntegrationTests extends AbstractFlywayTargetIntegrationTests {

	@Override
	protected DatabaseServer server() {
		return DatabaseServer.h2();
	}

	@Override
	protected String closedUrl() {
		return "jdbc:h2:tcp://127.0.0.1:1/mem:closed";
	}

	@Override
	protected TestDatabase createSelectOnlyLogin() {
		String user = uniqueName("flyway_ro_");
		this.database.jdbc().execute("CREATE USER " + user + " PASSWORD 'secret'");
		this.database.jdbc().execute("GRANT SELECT ON SCHEMA PUBLIC TO " + user);
		// only an administrator may set DB_CLOSE_DELAY; the owner's connections keep the
		// database open
		return new TestDatabase(this.database.kind(), this.database.jdbcUrl().replace(";DB_CLOSE_DELAY=-1", ""), user,
				"secret");
	}

}
