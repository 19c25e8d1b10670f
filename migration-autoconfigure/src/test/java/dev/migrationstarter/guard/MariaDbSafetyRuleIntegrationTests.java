package dev.migrationstarter.guard;

import java.io.IOException;
import java.util.List;

import dev.migrationstarter.guard.GuardChange.Format;
import dev.migrationstarter.testsupport.DatabaseServer;
import org.junit.jupiter.api.Test;

import static dev.migrationstarter.guard.GuardChange.change;
import static dev.migrationstarter.guard.GuardChange.sql;
import static dev.migrationstarter.guard.PostgresSafetyRuleIntegrationTests.addNullableRemark;
import static dev.migrationstarter.guard.PostgresSafetyRuleIntegrationTests.freshTable;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The safety rules over SQL that Liquibase generates for MariaDB, the locking rule asked
 * of the server itself.
 *
 * @author migration-starter
 */
class MariaDbSafetyRuleIntegrationTests extends AbstractSafetyRuleIntegrationTests {

	@Override
	protected DatabaseServer server() {
		return DatabaseServer.mariadb();
	}

	@Override
	protected List<RuleCase> ruleCases() {
		return List.of(
				new RuleCase("drop-table", change("dropTable", "tableName", "orders").or("DROP TABLE orders"),
						freshTable().then(change("dropTable", "tableName", "fresh").or("DROP TABLE fresh"))),
				new RuleCase("drop-view", change("dropView", "viewName", "order_notes").or("DROP VIEW order_notes"),
						sql("CREATE VIEW order_amounts AS SELECT id, amount FROM orders")),
				new RuleCase("drop-column",
						change("dropColumn", "tableName", "orders", "columnName", "note")
							.or("ALTER TABLE orders DROP COLUMN note"),
						freshTable().then(change("dropColumn", "tableName", "fresh", "columnName", "note")
							.or("ALTER TABLE fresh DROP COLUMN note"))),
				new RuleCase("rename-table",
						change("renameTable", "oldTableName", "orders", "newTableName", "purchases")
							.or("RENAME TABLE orders TO purchases"),
						sql("CREATE VIEW purchases AS SELECT * FROM orders")),
				new RuleCase("rename-column",
						change("renameColumn", "tableName", "orders", "oldColumnName", "note", "newColumnName",
								"remark", "columnDataType", "VARCHAR(20)")
							.or("ALTER TABLE orders CHANGE note remark VARCHAR(20)"),
						addNullableRemark()),
				new RuleCase("change-column-type",
						change("modifyDataType", "tableName", "orders", "columnName", "amount", "newDataType", "BIGINT")
							.or("ALTER TABLE orders MODIFY amount BIGINT"),
						change("addColumn", "tableName", "orders").column("name", "amount_big", "type", "BIGINT")
							.or("ALTER TABLE orders ADD amount_big BIGINT")),
				new RuleCase("set-not-null",
						change("addNotNullConstraint", "tableName", "orders", "columnName", "note", "columnDataType",
								"VARCHAR(20)")
							.or("ALTER TABLE orders MODIFY note VARCHAR(20) NOT NULL"),
						freshTable().then(change("addNotNullConstraint", "tableName", "fresh", "columnName", "note",
								"columnDataType", "VARCHAR(20)")
							.or("ALTER TABLE fresh MODIFY note VARCHAR(20) NOT NULL"))),
				new RuleCase("add-not-null-column-without-default",
						change("addColumn", "tableName", "orders")
							.column(new String[] { "nullable", "false" }, "name", "remark", "type", "VARCHAR(40)")
							.or("ALTER TABLE orders ADD remark VARCHAR(40) NOT NULL"),
						change("addColumn", "tableName", "orders")
							.column(new String[] { "nullable", "false" }, "name", "remark", "type", "VARCHAR(40)",
									"defaultValue", "none")
							.or("ALTER TABLE orders ADD remark VARCHAR(40) DEFAULT 'none' NOT NULL")),
				new RuleCase("alter-table-locking",
						change("modifyDataType", "tableName", "orders", "columnName", "amount", "newDataType", "BIGINT")
							.or("ALTER TABLE orders MODIFY amount BIGINT"),
						change("createIndex", "tableName", "orders", "indexName", "idx_orders_note")
							.column("name", "note")
							.or("CREATE INDEX idx_orders_note ON orders (note)")),
				new RuleCase("alter-table-locking", sql("ALTER TABLE orders ADD FULLTEXT INDEX ft_orders_note (note)"),
						addNullableRemark()));
	}

	@Test
	void namesTheServersReasonKeepsTheCopyInStepAndLeavesNoCopyBehind() throws IOException {
		List<Finding> findings = findingsOf(sql("ALTER TABLE orders MODIFY amount BIGINT")
			.then(sql("ALTER TABLE orders ADD INDEX idx_orders_amount (amount)"))
			.changelog(Format.XML, "widen-amount", true), Format.XML);
		assertThat(findings).filteredOn((finding) -> finding.rule() == SafetyRule.ALTER_TABLE_LOCKING)
			.singleElement()
			.satisfies((finding) -> {
				assertThat(finding.statement()).isEqualTo("ALTER TABLE orders MODIFY amount BIGINT");
				assertThat(finding.reason())
					.startsWith("the server refuses to run it online: ALGORITHM=INPLACE is not supported")
					.contains("Reason: ");
			});
		assertThat(this.database.jdbc()
			.queryForList("SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()"
					+ " AND table_name LIKE 'migration_guard_probe%'", String.class))
			.isEmpty();
	}

}
