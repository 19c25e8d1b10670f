package dev.migrationstarter.sample.process;

import dev.migrationstarter.testsupport.DatabaseServer;
import dev.migrationstarter.testsupport.TestDatabase;

/**
 * The lock timeouts of the zero-downtime guard as real processes against PostgreSQL.
 *
 * @author migration-starter
 */
class PostgresLockTimeoutProcessIT extends AbstractLockTimeoutProcessIT {

	@Override
	protected TestDatabase createDatabase() {
		return DatabaseServer.postgres().createDatabase();
	}

	@Override
	protected String sessionIdQuery() {
		return "select pg_backend_pid()";
	}

	@Override
	protected String alterWaitQuery() {
		return "select extract(epoch from clock_timestamp() - query_start) from pg_stat_activity"
				+ " where datname = current_database() and wait_event_type = 'Lock'"
				+ " and query like 'alter table busy%'";
	}

	@Override
	protected boolean rollsBackDdl() {
		return true;
	}

	@Override
	protected String blockerName(String sessionId) {
		return "pid " + sessionId;
	}

}
