package dev.migrationstarter.guard;

import java.io.IOException;
import java.util.List;

import dev.migrationstarter.core.MigrationException;
import dev.migrationstarter.core.MigrationExitCode;
import dev.migrationstarter.guard.GuardChange.Format;
import dev.migrationstarter.liquibase.LiquibaseTarget;
import dev.migrationstarter.testsupport.DatabaseServer;
import liquibase.integration.spring.SpringLiquibase;
import org.junit.jupiter.api.Test;

import static dev.migrationstarter.guard.GuardChange.change;
import static dev.migrationstarter.guard.GuardChange.sql;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The safety rules over SQL that Liquibase generates for PostgreSQL.
 *
 * @author migration-starter
 */
class PostgresSafetyRuleIntegrationTests extends AbstractSafetyRuleIntegrationTests {

	@Override
	protected DatabaseServer server() {
		return DatabaseServer.postgres();
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
							.or("ALTER TABLE orders RENAME TO purchases"),
						sql("CREATE VIEW purchases AS SELECT * FROM orders")),
				new RuleCase("rename-column",
						change("renameColumn", "tableName", "orders", "oldColumnName", "note", "newColumnName",
								"remark")
							.or("ALTER TABLE orders RENAME COLUMN note TO remark"),
						addNullableRemark()),
				new RuleCase("change-column-type",
						change("modifyDataType", "tableName", "orders", "columnName", "amount", "newDataType", "BIGINT")
							.or("ALTER TABLE orders ALTER COLUMN amount TYPE BIGINT"),
						change("addColumn", "tableName", "orders").column("name", "amount_big", "type", "BIGINT")
							.or("ALTER TABLE orders ADD amount_big BIGINT")),
				new RuleCase("set-not-null",
						change("addNotNullConstraint", "tableName", "orders", "columnName", "note", "columnDataType",
								"VARCHAR(20)")
							.or("ALTER TABLE orders ALTER COLUMN note SET NOT NULL"),
						sql("ALTER TABLE orders ADD CONSTRAINT note_not_null CHECK (note IS NOT NULL) NOT VALID")),
				new RuleCase("add-not-null-column-without-default",
						change("addColumn", "tableName", "orders")
							.column(new String[] { "nullable", "false" }, "name", "remark", "type", "VARCHAR(40)")
							.or("ALTER TABLE orders ADD remark VARCHAR(40) NOT NULL"),
						change("addColumn", "tableName", "orders")
							.column(new String[] { "nullable", "false" }, "name", "remark", "type", "VARCHAR(40)",
									"defaultValue", "none")
							.or("ALTER TABLE orders ADD remark VARCHAR(40) DEFAULT 'none' NOT NULL")),
				new RuleCase("create-index-not-concurrently",
						change("createIndex", "tableName", "orders", "indexName", "idx_orders_note")
							.column("name", "note")
							.or("CREATE INDEX idx_orders_note ON orders (note)"),
						true, sql("CREATE INDEX CONCURRENTLY idx_orders_note ON orders (note)"), false),
				new RuleCase("add-foreign-key-validated", change("addForeignKeyConstraint", "baseTableName", "orders",
						"baseColumnNames", "customer_id", "constraintName", "fk_orders_customer", "referencedTableName",
						"customer", "referencedColumnNames", "id")
					.or("ALTER TABLE orders ADD CONSTRAINT fk_orders_customer FOREIGN KEY (customer_id) REFERENCES customer (id)"),
						sql("ALTER TABLE orders ADD CONSTRAINT fk_orders_customer FOREIGN KEY (customer_id) REFERENCES customer (id) NOT VALID")),
				new RuleCase("add-check-constraint-validated",
						sql("ALTER TABLE orders ADD CONSTRAINT positive_amount CHECK (amount > 0)"),
						sql("ALTER TABLE orders ADD CONSTRAINT positive_amount CHECK (amount > 0) NOT VALID")),
				new RuleCase("add-unique-constraint-inline",
						change("addUniqueConstraint", "tableName", "orders", "columnNames", "note", "constraintName",
								"uq_orders_note")
							.or("ALTER TABLE orders ADD CONSTRAINT uq_orders_note UNIQUE (note)"),
						sql("ALTER TABLE orders ADD CONSTRAINT uq_orders_note UNIQUE USING INDEX idx_orders_note")),
				new RuleCase("rewrite-table", sql("VACUUM FULL orders"), false, sql("VACUUM orders"), false),
				new RuleCase("concurrently-in-transaction",
						sql("CREATE INDEX CONCURRENTLY idx_orders_amount ON orders (amount)"), true,
						sql("CREATE INDEX CONCURRENTLY idx_orders_amount ON orders (amount)"), false));
	}

	@Test
	void refusesConcurrentlyInATransactionUnderTheWarnPolicyAndWhateverWasAcknowledged() throws IOException {
		SpringLiquibase liquibase = liquibaseFor(
				sql("CREATE INDEX CONCURRENTLY idx_orders_note ON orders (note)").changelog(Format.SQL, "index", true),
				Format.SQL);
		MigrationGuard guard = new MigrationGuard(GuardPolicy.WARN,
				Acknowledgements.of(List.of(changeSetOf(liquibase, "index"))));
		assertThatExceptionOfType(MigrationException.class)
			.isThrownBy(() -> guard.check(LiquibaseTarget.of("liquibase", liquibase)))
			.satisfies((ex) -> {
				assertThat(ex.getExitCode()).isEqualTo(MigrationExitCode.UNSAFE_CHANGE);
				assertThat(ex.getMessage()).contains("concurrently-in-transaction").doesNotContain("acknowledge");
			});
	}

	static GuardChange freshTable() {
		return change("createTable", "tableName", "fresh").column("name", "id", "type", "BIGINT")
			.column("name", "note", "type", "VARCHAR(20)")
			.or("CREATE TABLE fresh (id BIGINT, note VARCHAR(20))");
	}

	static GuardChange addNullableRemark() {
		return change("addColumn", "tableName", "orders").column("name", "remark", "type", "VARCHAR(20)")
			.or("ALTER TABLE orders ADD remark VARCHAR(20)");
	}

}
