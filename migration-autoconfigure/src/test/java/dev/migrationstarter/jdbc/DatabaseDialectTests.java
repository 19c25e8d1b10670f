package dev.migrationstarter.jdbc;

import java.sql.SQLException;

import dev.migrationstarter.testsupport.DatabaseServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link DatabaseDialect}: the one place that tells databases apart.
 *
 * @author migration-starter
 */
class DatabaseDialectTests {

	@Test
	void tellsTheDatabasesWithASessionLockFromTheRest() {
		assertThat(DatabaseDialect.ofProduct("PostgreSQL")).isEqualTo(DatabaseDialect.POSTGRESQL);
		assertThat(DatabaseDialect.ofProduct("MariaDB")).isEqualTo(DatabaseDialect.MARIADB);
		assertThat(DatabaseDialect.ofProduct("MySQL")).isEqualTo(DatabaseDialect.MARIADB);
		assertThat(DatabaseDialect.ofProduct("H2")).isEqualTo(DatabaseDialect.OTHER);
		assertThat(DatabaseDialect.ofProduct("Oracle")).isEqualTo(DatabaseDialect.ORACLE);
		assertThat(DatabaseDialect.ofProduct("Microsoft SQL Server")).isEqualTo(DatabaseDialect.SQL_SERVER);
		assertThat(DatabaseDialect.ofProduct(null)).isEqualTo(DatabaseDialect.OTHER);
	}

	@Test
	void tellsMySqlFromMariaDbWithinTheirDialect() {
		assertThat(DatabaseDialect.isMySqlProduct("MySQL")).isTrue();
		assertThat(DatabaseDialect.isMySqlProduct("MariaDB")).isFalse();
		assertThat(DatabaseDialect.isMySqlProduct("PostgreSQL")).isFalse();
		assertThat(DatabaseDialect.isMySqlProduct(null)).isFalse();
	}

	@Test
	void choosesTheColumnTypesOfTheStartersOwnTablesPerDatabase() {
		assertThat(DatabaseDialect.MARIADB.timestampType()).isEqualTo("DATETIME(3)");
		assertThat(DatabaseDialect.SQL_SERVER.timestampType()).isEqualTo("DATETIME2");
		assertThat(DatabaseDialect.POSTGRESQL.timestampType()).isEqualTo("TIMESTAMP(3)");
		assertThat(DatabaseDialect.POSTGRESQL.longTextType()).isEqualTo("TEXT");
		assertThat(DatabaseDialect.MARIADB.longTextType()).isEqualTo("LONGTEXT");
		assertThat(DatabaseDialect.OTHER.longTextType()).isEqualTo("CLOB");
		assertThat(DatabaseDialect.ORACLE.varcharType()).isEqualTo("VARCHAR2");
		assertThat(DatabaseDialect.OTHER.varcharType()).isEqualTo("VARCHAR");
	}

	@Test
	void readsTheDialectFromAConnectionsMetadata() throws SQLException {
		assertThat(DatabaseDialect.of(DatabaseServer.h2().createDatabase().dataSource()))
			.isEqualTo(DatabaseDialect.OTHER);
	}

}
