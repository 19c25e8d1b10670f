package dev.migrationstarter.flyway;

import dev.migrationstarter.testsupport.DatabaseServer;
import dev.migrationstarter.testsupport.TestDatabase;

/**
 * {@link FlywayTarget} against MariaDB.
 *
 * @author migration-starter
 */
class MariaDbFlywayTargetIntegrationTests extends AbstractFlywayTargetIntegrationTests {

	@Override
	protected DatabaseServer server() {
		return DatabaseServer.mariadb();
	}

	@Override
	protected String closedUrl() {
		return server().closedPortUrl();
	}

	@Override
	protected TestDatabase createSelectOnlyLogin() {
		String user = uniqueName("flyway_ro_");
		String database = this.database.jdbcUrl().replaceAll("^.*/([^/?]+).*$", "$1");
		server().executeAsAdmin("CREATE USER '" + user + "'@'%' IDENTIFIED BY 'secret'");
		onCleanup(() -> server().executeAsAdmin("DROP USER IF EXISTS '" + user + "'@'%'"));
		server().executeAsAdmin("GRANT SELECT ON " + database + ".* TO '" + user + "'@'%'");
		return new TestDatabase(this.database.kind(), this.database.jdbcUrl(), user, "secret");
	}

}
