package dev.migrationstarter.runner;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link DatabaseTarget}.
 *
 * @author migration-starter
 */
class DatabaseTargetTests {

	@Test
	void dropsUserInfoFromTheAuthority() {
		assertThat(DatabaseTarget.redact("jdbc:postgresql://app:s3cret@db.internal:5432/orders"))
			.isEqualTo("jdbc:postgresql://db.internal:5432/orders");
	}

	@Test
	void dropsQueryParametersThatMayCarryAPassword() {
		assertThat(DatabaseTarget.redact("jdbc:mariadb://127.0.0.1:3306/shop?user=app&password=s3cret"))
			.isEqualTo("jdbc:mariadb://127.0.0.1:3306/shop");
	}

	@Test
	void dropsDriverPropertiesAfterASemicolon() {
		assertThat(DatabaseTarget.redact("jdbc:h2:file:./data/sample;PASSWORD=s3cret;AUTO_SERVER=TRUE"))
			.isEqualTo("jdbc:h2:file:./data/sample");
	}

	@Test
	void describesAMissingUrl() {
		assertThat(DatabaseTarget.redact(null)).isEqualTo("unknown database");
	}

}
