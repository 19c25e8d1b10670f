package dev.migrationstarter.sample.process;

import java.util.List;

import dev.migrationstarter.testsupport.DatabaseServer;
import dev.migrationstarter.testsupport.TestDatabase;

/**
 * The zero-downtime guard as real processes against MariaDB.
 *
 * @author migration-starter
 */
class MariaDbGuardProcessIT extends AbstractGuardProcessIT {

	@Override
	protected TestDatabase createDatabase() {
		return DatabaseServer.mariadb().createDatabase();
	}

	@Override
	protected List<String> expandOnlyChangeSets() {
		return List.of("""
				<changeSet id="2-add-remark" author="test">
					<addColumn tableName="guarded"><column name="remark" type="VARCHAR(40)"/></addColumn>
				</changeSet>""",
				"""
						<changeSet id="2-index-remark" author="test" runInTransaction="false">
							<createIndex tableName="guarded" indexName="idx_guarded_remark"><column name="remark"/></createIndex>
						</changeSet>""");
	}

}
