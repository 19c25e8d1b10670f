package dev.migrationstarter.guard;

import java.util.List;

import dev.migrationstarter.jdbc.DatabaseDialect;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SafetyCheckTests {

	private static final String RELEASED = """
			-- *********************************************************************
			-- Update Database Script
			-- *********************************************************************

			""";

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
			assertThat(rulesOf(dialect, "CREATE INDEX CONCURRENTLY idx ON orders(note);")).isEmpty();
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
		String script = RELEASED + """
				-- Changeset a.xml::1::alice
				CREATE TABLE public.fresh (id BIGINT NOT NULL, note VARCHAR(20));

				-- Changeset a.xml::2::alice
				ALTER TABLE public.fresh DROP COLUMN note;

				CREATE INDEX idx_fresh ON public.fresh(id);

				ALTER TABLE public.old DROP COLUMN note;
				""";
		List<Finding> findings = SafetyCheck.check(UpdateSqlScript.parse(script), DatabaseDialect.POSTGRESQL,
				Acknowledgements.of(List.of()));
		assertThat(findings).singleElement().satisfies((finding) -> {
			assertThat(finding.changeSet()).isEqualTo("a.xml::2::alice");
			assertThat(finding.rule()).isEqualTo(SafetyRule.DROP_COLUMN);
			assertThat(finding.statement()).isEqualTo("ALTER TABLE public.old DROP COLUMN note;");
		});
	}

	@Test
	void aDatabaseThatNoReleaseMigratedHasNoFindings() {
		String script = """
				-- Create Database Change Log Table
				CREATE TABLE public.databasechangelog (ID VARCHAR(255) NOT NULL);

				-- Changeset a.xml::1::alice
				ALTER TABLE public.orders DROP COLUMN note;
				""";
		assertThat(SafetyCheck.check(UpdateSqlScript.parse(script), DatabaseDialect.POSTGRESQL,
				Acknowledgements.of(List.of())))
			.isEmpty();
	}

	@Test
	void acknowledgesByConfigurationPerRuleOrForEveryRule() {
		String script = RELEASED + """
				-- Changeset a.xml::1::alice
				ALTER TABLE orders DROP COLUMN note;

				-- Changeset a.xml::2::alice
				DROP TABLE legacy;
				""";
		List<Finding> findings = SafetyCheck.check(UpdateSqlScript.parse(script), DatabaseDialect.POSTGRESQL,
				Acknowledgements.of(List.of("a.xml::1::alice::drop-column", "a.xml::2::alice")));
		assertThat(findings).hasSize(2).allMatch(Finding::acknowledged);
		List<Finding> otherRule = SafetyCheck.check(UpdateSqlScript.parse(script), DatabaseDialect.POSTGRESQL,
				Acknowledgements.of(List.of("a.xml::1::alice::drop-table")));
		assertThat(otherRule).noneMatch(Finding::acknowledged);
	}

	@Test
	void acknowledgesByAMarkerInTheChangeSetsComment() {
		String script = RELEASED
				+ """
						-- Changeset a.xml::1::alice
						ALTER TABLE orders DROP COLUMN note;

						INSERT INTO public.databasechangelog (ID, AUTHOR, FILENAME, COMMENTS) VALUES ('1', 'alice', 'a.xml', 'Reviewed: migration-guard: acknowledge drop-column, drop-table');
						""";
		assertThat(SafetyCheck.check(UpdateSqlScript.parse(script), DatabaseDialect.POSTGRESQL,
				Acknowledgements.of(List.of())))
			.singleElement()
			.satisfies((finding) -> assertThat(finding.acknowledged()).isTrue());
	}

	@Test
	void anUnknownRuleOrAMalformedAcknowledgementIsRefusedWithTheValidRules() {
		assertThatIllegalArgumentException().isThrownBy(() -> Acknowledgements.of(List.of("a.xml::1::alice::drop-it")))
			.withMessageContaining("unknown rule 'drop-it'")
			.withMessageContaining("drop-column");
		assertThatIllegalArgumentException().isThrownBy(() -> Acknowledgements.of(List.of("a.xml")))
			.withMessageContaining("names no changeset");
	}

	@Test
	void readsMultiLineStatementsOfRawSql() {
		String script = RELEASED + """
				-- Changeset a.sql::1::alice
				ALTER TABLE orders
				    DROP COLUMN note;

				-- Release Database Lock
				UPDATE databasechangeloglock SET LOCKED = FALSE;
				""";
		UpdateSqlScript parsed = UpdateSqlScript.parse(script);
		assertThat(parsed.changeSets()).containsOnlyKeys("a.sql::1::alice");
		assertThat(parsed.changeSets().get("a.sql::1::alice"))
			.containsExactly("ALTER TABLE orders\n    DROP COLUMN note;");
	}

	@Test
	void readsMariaDbsCommentsWithTwoSpaces() {
		String script = RELEASED + """
				--  Changeset a.xml::1::alice
				alter table guarded drop column note;

				--  Release Database Lock
				UPDATE databasechangeloglock SET LOCKED = 0;
				""";
		assertThat(SafetyCheck.check(UpdateSqlScript.parse(script), DatabaseDialect.MARIADB,
				Acknowledgements.of(List.of())))
			.singleElement()
			.satisfies((finding) -> assertThat(finding.changeSet()).isEqualTo("a.xml::1::alice"));
	}

	private static List<String> rulesOf(DatabaseDialect dialect, String statement) {
		return SafetyCheck
			.check(UpdateSqlScript.parse(RELEASED + "-- Changeset a.xml::1::alice\n" + statement + "\n"), dialect,
					Acknowledgements.of(List.of()))
			.stream()
			.map((finding) -> finding.rule().id())
			.toList();
	}

}
