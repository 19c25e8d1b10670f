package dev.migrationstarter.jdbc;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Redaction}.
 *
 * @author migration-starter
 */
class RedactionTests {

	@Test
	void masksThePasswordOfUserInfoInAUrlQuotedByADriver() {
		assertThat(Redaction.text(
				"Driver org.postgresql.Driver claims to not accept jdbcUrl, jdbc:postgresql://postgres:s3cret@db:5432/app"))
			.isEqualTo("Driver org.postgresql.Driver claims to not accept jdbcUrl, "
					+ "jdbc:postgresql://postgres:******@db:5432/app");
	}

	@Test
	void masksAPasswordThatContainsAnAtSign() {
		assertThat(Redaction.text("jdbc:mariadb://root:p@ss@db/app failed"))
			.isEqualTo("jdbc:mariadb://root:******@db/app failed");
	}

	@Test
	void masksAPasswordQueryParameterInAnyCase() {
		assertThat(Redaction.text("jdbc:postgresql://db/app?user=app&PassWord=s3cret&ssl=true"))
			.isEqualTo("jdbc:postgresql://db/app?user=app&PassWord=******&ssl=true");
	}

	@Test
	void masksAPwdParameter() {
		assertThat(Redaction.text("url=jdbc:mariadb://db/app?pwd=s3cret"))
			.isEqualTo("url=jdbc:mariadb://db/app?pwd=******");
	}

	@Test
	void masksADriverPropertyAfterASemicolon() {
		assertThat(Redaction.text("jdbc:h2:file:./data;password=s3cret;AUTO_SERVER=TRUE"))
			.isEqualTo("jdbc:h2:file:./data;password=******;AUTO_SERVER=TRUE");
	}

	@Test
	void masksAPasswordInAPrintedPropertiesMap() {
		assertThat(Redaction.text("connection properties {user=app, password=s3cret}"))
			.isEqualTo("connection properties {user=app, password=******}");
	}

	@Test
	void leavesHostsPortsAndOtherTextAlone() {
		String text = "Connection to 127.0.0.1:5432 refused. Check that the hostname and port are correct (using password: YES)";
		assertThat(Redaction.text(text)).isEqualTo(text);
		assertThat(Redaction.text("jdbc:postgresql://db:5432/app")).isEqualTo("jdbc:postgresql://db:5432/app");
	}

	@Test
	void reducesATargetToDriverHostPortAndDatabase() {
		assertThat(Redaction.target("jdbc:postgresql://postgres:s3cret@db:5432/app?password=other"))
			.isEqualTo("jdbc:postgresql://db:5432/app");
		assertThat(Redaction.target("jdbc:mariadb://db/app;password=s3cret")).isEqualTo("jdbc:mariadb://db/app");
	}

}
