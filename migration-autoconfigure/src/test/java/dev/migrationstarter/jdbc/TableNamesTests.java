package dev.migrationstarter.jdbc;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link TableNames}.
 *
 * @author migration-starter
 */
class TableNamesTests {

	@Test
	void acceptsPlainAndSchemaQualifiedIdentifiers() {
		for (String name : new String[] { "migration_lock", "_lock", "Lock$1", "app.migration_lock", "A.B" }) {
			assertThat(TableNames.requireValid("migration.lock.table-name", name)).isEqualTo(name);
		}
	}

	@Test
	void rejectsAStatementHiddenInATableName() {
		assertThatExceptionOfType(InvalidTableNameException.class)
			.isThrownBy(() -> TableNames.requireValid("migration.lock.table-name",
					"t (name VARCHAR(64)); drop table victim; create table t2"))
			.isInstanceOf(IllegalArgumentException.class)
			.withMessageStartingWith("migration.lock.table-name must be a table name, optionally schema-qualified")
			.withMessageContaining("was 't (name VARCHAR(64)); drop table victim; create table t2'")
			.withMessageNotContaining("\n");
	}

	@Test
	void rejectsEverythingButOneOrTwoPlainIdentifiers() {
		for (String name : new String[] { "", " ", "1lock", "a.b.c", "lock-table", "\"quoted\"", "lock;", "a .b",
				"lock\nname", "$lock", ".lock", "lock." }) {
			assertThatExceptionOfType(InvalidTableNameException.class).as(name)
				.isThrownBy(() -> TableNames.requireValid("migration.changelog-index.table-name", name));
		}
		assertThatExceptionOfType(InvalidTableNameException.class)
			.isThrownBy(() -> TableNames.requireValid("migration.lock.table-name", null))
			.withMessageEndingWith("was empty");
	}

}
