package dev.migrationstarter.sample.process;

import dev.migrationstarter.testsupport.DatabaseServer;
import dev.migrationstarter.testsupport.TestDatabase;

/**
 * The lock timeouts of the zero-downtime guard as real processes against MariaDB.
 *
 * @author migration-starter
 */
class MariaDbLockTimeoutProcessIT extends AbstractLockTimeoutProcessIT {

	@Override
	protected TestDatabase createDatabase() {
		return DatabaseServer.mariadb().createDatabase();
	}

	@Override
	protected String sessionIdQuery() {
		return "select connection_id()";
	}

	@Override
	protected String alterWaitQuery() {
		return "select time_ms / 1000 from information_schema.processlist where db = database()"
				+ " and state like '%metadata lock%' and info like 'alter table busy%'";
	}

	@Override
	protected boolean rollsBackDdl() {
		return false;
	}

	@Override
	protected String blockerName(String sessionId) {
		return "connection " + sessionId;
	}

}
