package dev.migrationstarter.guard;

import java.util.List;

import dev.migrationstarter.core.PendingChange;
import dev.migrationstarter.jdbc.DatabaseDialect;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SafetyCheckTests {

	private static final Acknowledgements NONE = Acknowledgements.of(List.of());

	@Test
	void findsEveryRuleThatBreaksTheRunningVersionOnEachDatabase() {
		for (DatabaseDialect dialect : DatabaseDialect.values()) {
			assertThat(rulesOf(dialect, "DROP TABLE public.orders;")).containsExactly("drop-table");
			assertThat(rulesOf(dialect, "DROP VIEW order_totals;")).containsExactly("drop-view");
			assertThat(rulesOf(dialect, "ALTER TABLE public.orders DROP COLUMN note;")).containsExactly("drop-column");
			assertThat(rulesOf(dialect, "ALTER TABLE orders RENAME TO purchases;")).containsExactly("rename-table");
			assertThat(rulesOf(dialect, "ALTER TABLE orders RENAME COLUMN note TO remark;"))
				.containsExactly("rename-column");
			assertThat(rulesOf(dialect, "ALTER TABLE public.orders ALTER COLUMN note TYPE TEXT USING (note::TEXT);"))
				.containsExactly("change-column-type");
			assertThat(rulesOf(dialect, "ALTER TABLE public.orders ALTER COLUMN note SET NOT NULL;"))
				.containsExactly("set-not-null");
			assertThat(rulesOf(dialect, "ALTER TABLE public.orders ADD note VARCHAR(20) NOT NULL;"))
				.containsExactly("add-not-null-column-without-default");
		}
	}

	@Test
	void readsMariaDbsOwnSpellings() {
		DatabaseDialect mariaDb = DatabaseDialect.MARIADB;
		assertThat(rulesOf(mariaDb, "RENAME TABLE orders TO purchases;")).containsExactly("rename-table");
		assertThat(rulesOf(mariaDb, "ALTER TABLE orders RENAME purchases;")).containsExactly("rename-table");
		assertThat(rulesOf(mariaDb, "ALTER TABLE orders RENAME AS purchases;")).containsExactly("rename-table");
		assertThat(rulesOf(mariaDb, "ALTER TABLE orders RENAME COLUMN note TO remark;"))
			.containsExactly("rename-column");
		assertThat(rulesOf(mariaDb, "ALTER TABLE orders CHANGE note remark VARCHAR(20);"))
			.containsExactly("rename-column");
		assertThat(rulesOf(mariaDb, "ALTER TABLE orders MODIFY note TEXT;")).containsExactly("change-column-type");
		assertThat(rulesOf(mariaDb, "ALTER TABLE orders MODIFY note VARCHAR(20) NOT NULL;"))
			.containsExactly("set-not-null");
		assertThat(rulesOf(mariaDb, "ALTER TABLE orders DROP note;")).containsExactly("drop-column");
	}

	@Test
	void findsThePostgresLockingRulesOnPostgresOnly() {
		String index = "CREATE INDEX idx_orders_note ON public.orders(note);";
		assertThat(rulesOf(DatabaseDialect.POSTGRESQL, index)).containsExactly("create-index-not-concurrently");
		assertThat(rulesOf(DatabaseDialect.MARIADB, index)).isEmpty();
		assertThat(rulesOf(DatabaseDialect.POSTGRESQL,
				"ALTER TABLE public.orders ADD CONSTRAINT fk_customer FOREIGN KEY (customer_id) REFERENCES public.customer (id);"))
			.containsExactly("add-foreign-key-validated");
		assertThat(
				rulesOf(DatabaseDialect.POSTGRESQL, "ALTER TABLE orders ADD CONSTRAINT positive CHECK (amount > 0);"))
			.containsExactly("add-check-constraint-validated");
		assertThat(rulesOf(DatabaseDialect.POSTGRESQL, "ALTER TABLE public.orders ADD CONSTRAINT uq UNIQUE (note);"))
			.containsExactly("add-unique-constraint-inline");
		assertThat(rulesOf(DatabaseDialect.POSTGRESQL, "VACUUM FULL orders;")).containsExactly("rewrite-table");
		assertThat(rulesOf(DatabaseDialect.POSTGRESQL, "CLUSTER orders USING idx;")).containsExactly("rewrite-table");
	}

	@Test
	void findsNothingInTheSafeForms() {
		for (DatabaseDialect dialect : DatabaseDialect.values()) {
			assertThat(rulesOf(dialect, "ALTER TABLE public.orders ADD note VARCHAR(20);")).isEmpty();
			assertThat(rulesOf(dialect, "ALTER TABLE public.orders ADD note VARCHAR(20) DEFAULT 'x' NOT NULL;"))
				.isEmpty();
			assertThat(rulesOf(dialect, "ALTER TABLE orders DROP CONSTRAINT fk_customer;")).isEmpty();
			assertThat(rulesOf(dialect, "ALTER TABLE orders ALTER COLUMN note DROP DEFAULT;")).isEmpty();
			assertThat(rulesOf(dialect, "ALTER TABLE orders ALTER COLUMN note DROP NOT NULL;")).isEmpty();
			assertThat(rulesOf(dialect, "UPDATE orders SET note = 'drop table x';")).isEmpty();
			assertThat(rulesOf(dialect, "INSERT INTO orders (note) VALUES ('ALTER TABLE orders DROP COLUMN x');"))
				.isEmpty();
			assertThat(SafetyCheck.check(
					List.of(new PendingChange("a.xml::1::alice",
							List.of("CREATE INDEX CONCURRENTLY idx ON orders(note);"), false, "")),
					dialect, NONE, null))
				.isEmpty();
		}
		assertThat(rulesOf(DatabaseDialect.POSTGRESQL,
				"ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (c) REFERENCES customer (id) NOT VALID;"))
			.isEmpty();
		assertThat(rulesOf(DatabaseDialect.POSTGRESQL, "ALTER TABLE orders ADD CONSTRAINT c CHECK (a > 0) NOT VALID;"))
			.isEmpty();
		assertThat(rulesOf(DatabaseDialect.POSTGRESQL, "ALTER TABLE orders ADD CONSTRAINT uq UNIQUE USING INDEX idx;"))
			.isEmpty();
		assertThat(rulesOf(DatabaseDialect.POSTGRESQL, "ALTER TABLE orders VALIDATE CONSTRAINT fk;")).isEmpty();
	}

	@Test
	void aTableCreatedEarlierInTheSameRunIsExempt() {
		List<Finding> findings = SafetyCheck.check(List.of(
				PendingChange.of("a.xml::1::alice", "CREATE TABLE public.fresh (id BIGINT NOT NULL, note VARCHAR(20))"),
				PendingChange.of("a.xml::2::alice", "ALTER TABLE public.fresh DROP COLUMN note",
						"CREATE INDEX idx_fresh ON public.fresh(id)", "ALTER TABLE public.old DROP COLUMN note")),
				DatabaseDialect.POSTGRESQL, NONE, null);
		assertThat(findings).singleElement().satisfies((finding) -> {
			assertThat(finding.changeSet()).isEqualTo("a.xml::2::alice");
			assertThat(finding.rule()).isEqualTo(SafetyRule.DROP_COLUMN);
			assertThat(finding.statement()).isEqualTo("ALTER TABLE public.old DROP COLUMN note");
			assertThat(finding.reason()).isEqualTo(SafetyRule.DROP_COLUMN.reason());
		});
	}

	@Test
	void acknowledgesByConfigurationPerRuleOrForEveryRule() {
		List<PendingChange> changeSets = List.of(
				PendingChange.of("a.xml::1::alice", "ALTER TABLE orders DROP COLUMN note"),
				PendingChange.of("a.xml::2::alice", "DROP TABLE legacy"));
		List<Finding> findings = SafetyCheck.check(changeSets, DatabaseDialect.POSTGRESQL,
				Acknowledgements.of(List.of("a.xml::1::alice::drop-column", "a.xml::2::alice")), null);
		assertThat(findings).hasSize(2).allMatch(Finding::acknowledged);
		List<Finding> otherRule = SafetyCheck.check(changeSets, DatabaseDialect.POSTGRESQL,
				Acknowledgements.of(List.of("a.xml::1::alice::drop-table")), null);
		assertThat(otherRule).noneMatch(Finding::acknowledged);
	}

	@Test
	void acknowledgesAFlywayMigrationByItsScriptForEveryRuleOrOne() {
		List<PendingChange> migrations = List.of(
				PendingChange.of("V2__drop_note.sql", "ALTER TABLE orders DROP COLUMN note"),
				PendingChange.of("V3__drop_legacy.sql", "DROP TABLE legacy"),
				PendingChange.of("V4__Cleanup", "ALTER TABLE orders DROP COLUMN remark"));
		List<Finding> findings = SafetyCheck.check(migrations, DatabaseDialect.POSTGRESQL,
				Acknowledgements.of(List.of("V2__drop_note.sql::drop-column", "V3__drop_legacy.sql", "V4__Cleanup")),
				null);
		assertThat(findings).hasSize(3).allMatch(Finding::acknowledged);
		assertThat(SafetyCheck.check(migrations, DatabaseDialect.POSTGRESQL,
				Acknowledgements.of(List.of("V2__drop_note.sql::drop-table")), null))
			.noneMatch(Finding::acknowledged);
	}

	@Test
	void acknowledgesByAMarkerInTheChangeSetsComment() {
		PendingChange changeSet = new PendingChange("a.xml::1::alice", List.of("ALTER TABLE orders DROP COLUMN note"),
				true, "Reviewed: migration-guard: acknowledge drop-column, drop-table");
		assertThat(SafetyCheck.check(List.of(changeSet), DatabaseDialect.POSTGRESQL, NONE, null)).singleElement()
			.satisfies((finding) -> assertThat(finding.acknowledged()).isTrue());
	}

	@Test
	void concurrentlyInATransactionIsFoundOnPostgresEvenOnANewTableAndCannotBeAcknowledged() {
		PendingChange inTransaction = new PendingChange("a.xml::1::alice",
				List.of("CREATE TABLE fresh (id INT)", "CREATE INDEX CONCURRENTLY idx ON fresh(id)"), true,
				"migration-guard: acknowledge concurrently-in-transaction");
		assertThat(SafetyCheck.check(List.of(inTransaction), DatabaseDialect.POSTGRESQL,
				Acknowledgements.of(List.of("a.xml::1::alice")), null))
			.singleElement()
			.satisfies((finding) -> {
				assertThat(finding.rule()).isEqualTo(SafetyRule.CONCURRENTLY_IN_TRANSACTION);
				assertThat(finding.acknowledged()).isFalse();
			});
		assertThat(rulesOf(DatabaseDialect.POSTGRESQL, "DROP INDEX CONCURRENTLY idx"))
			.containsExactly("concurrently-in-transaction");
		assertThat(rulesOf(DatabaseDialect.POSTGRESQL, "REINDEX INDEX CONCURRENTLY idx"))
			.containsExactly("concurrently-in-transaction");
		PendingChange outsideTransaction = new PendingChange("a.xml::2::alice",
				List.of("CREATE INDEX CONCURRENTLY idx ON orders(note)"), false, "");
		assertThat(SafetyCheck.check(List.of(outsideTransaction), DatabaseDialect.POSTGRESQL, NONE, null)).isEmpty();
	}

	@Test
	void theLockingRuleOfMariaDbNeedsTheServerToAnswer() {
		assertThat(rulesOf(DatabaseDialect.MARIADB, "ALTER TABLE orders ADD FULLTEXT INDEX ft (note)")).isEmpty();
	}

	@Test
	void anUnknownRuleOrAMalformedAcknowledgementIsRefusedWithTheValidRules() {
		assertThatIllegalArgumentException().isThrownBy(() -> Acknowledgements.of(List.of("a.xml::1::alice::drop-it")))
			.withMessageContaining("unknown rule 'drop-it'")
			.withMessageContaining("drop-column");
		assertThatIllegalArgumentException().isThrownBy(() -> Acknowledgements.of(List.of("a.xml")))
			.withMessageContaining("names no changeset");
		assertThatIllegalArgumentException().isThrownBy(() -> Acknowledgements.of(List.of("a.xml::1")))
			.withMessageContaining("names no changeset");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Acknowledgements.of(List.of("V2__drop_note.sql::drop-it")))
			.withMessageContaining("unknown rule 'drop-it'");
	}

	private static List<String> rulesOf(DatabaseDialect dialect, String statement) {
		return SafetyCheck.check(List.of(PendingChange.of("a.xml::1::alice", statement)), dialect, NONE, null)
			.stream()
			.map((finding) -> finding.rule().id())
			.toList();
	}

}
