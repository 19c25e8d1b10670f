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
		assertThat(DatabaseDialect.ofProduct("Oracle")).isEqualTo(DatabaseDialect.OTHER);
		assertThat(DatabaseDialect.ofProduct(null)).isEqualTo(DatabaseDialect.OTHER);
	}

	@Test
	void readsTheDialectFromAConnectionsMetadata() throws SQLException {
		assertThat(DatabaseDialect.of(DatabaseServer.h2().createDatabase().dataSource()))
			.isEqualTo(DatabaseDialect.OTHER);
	}

}
