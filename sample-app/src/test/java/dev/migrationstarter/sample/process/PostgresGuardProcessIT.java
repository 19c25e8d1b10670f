package dev.migrationstarter.sample.process;

import java.util.List;

import dev.migrationstarter.testsupport.DatabaseServer;
import dev.migrationstarter.testsupport.TestDatabase;

/**
 * The zero-downtime guard as real processes against PostgreSQL.
 *
 * @author migration-starter
 */
class PostgresGuardProcessIT extends AbstractGuardProcessIT {

	@Override
	protected TestDatabase createDatabase() {
		return DatabaseServer.postgres().createDatabase();
	}

	@Override
	protected List<String> expandOnlyChangeSets() {
		return List.of("""
				<changeSet id="2-add-remark" author="test">
					<addColumn tableName="guarded"><column name="remark" type="VARCHAR(40)"/></addColumn>
				</changeSet>""", """
				<changeSet id="2-index-remark" author="test" runInTransaction="false">
					<sql>create index concurrently idx_guarded_remark on guarded (remark)</sql>
				</changeSet>""");
	}

}
