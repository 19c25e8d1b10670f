package dev.migrationstarter.jdbc;

import java.util.Set;

import org.junit.jupiter.api.Test;

import org.springframework.jdbc.datasource.SimpleDriverDataSource;

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
	void masksUserInfoThatADriverTookForAHostName() {
		assertThat(Redaction.text("Cannot connect: nobody:s3cret@127.0.0.1"))
			.isEqualTo("Cannot connect: nobody:******@127.0.0.1");
		assertThat(Redaction.text("java.net.UnknownHostException: app:s3cret@db.internal"))
			.isEqualTo("java.net.UnknownHostException: app:******@db.internal");
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
	void masksThePasswordsOfAUrlWhereADriverQuotedThemWithoutTheirForm() {
		String url = "jdbc:mariadb://root:s3cret@127.0.0.1:3306/app?pwd=0ther-secret";
		assertThat(Redaction.secretsOf(url)).containsExactly("s3cret", "0ther-secret");
		assertThat(
				Redaction.text("Incorrect port value : s3cret@127.0.0.1, then 0ther-secret", Redaction.secretsOf(url)))
			.isEqualTo("Incorrect port value : ******@127.0.0.1, then ******");
	}

	@Test
	void masksThePasswordOfADataSource() {
		SimpleDriverDataSource dataSource = new SimpleDriverDataSource();
		dataSource.setUrl("jdbc:postgresql://db/app;password=in-url");
		dataSource.setPassword("property-secret");
		assertThat(Redaction.secretsOf(dataSource)).containsExactlyInAnyOrder("in-url", "property-secret");
	}

	@Test
	void leavesShortKnownPasswordsToThePatterns() {
		assertThat(Redaction.text("abc access denied", Set.of("abc"))).isEqualTo("abc access denied");
	}

	@Test
	void reducesATargetToDriverHostPortAndDatabase() {
		assertThat(Redaction.target("jdbc:postgresql://postgres:s3cret@db:5432/app?password=other"))
			.isEqualTo("jdbc:postgresql://db:5432/app");
		assertThat(Redaction.target("jdbc:mariadb://db/app;password=s3cret")).isEqualTo("jdbc:mariadb://db/app");
	}

	@Test
	void aTargetDropsUserInfoFromTheAuthority() {
		assertThat(Redaction.target("jdbc:postgresql://app:s3cret@db.internal:5432/orders"))
			.isEqualTo("jdbc:postgresql://db.internal:5432/orders");
	}

	@Test
	void aTargetDropsQueryParametersThatMayCarryAPassword() {
		assertThat(Redaction.target("jdbc:mariadb://127.0.0.1:3306/shop?user=app&password=s3cret"))
			.isEqualTo("jdbc:mariadb://127.0.0.1:3306/shop");
	}

	@Test
	void aTargetDropsDriverPropertiesAfterASemicolon() {
		assertThat(Redaction.target("jdbc:h2:file:./data/sample;PASSWORD=s3cret;AUTO_SERVER=TRUE"))
			.isEqualTo("jdbc:h2:file:./data/sample");
	}

	@Test
	void aTargetDescribesAMissingUrl() {
		assertThat(Redaction.target(null)).isEqualTo("unknown database");
	}

}
