package dev.migrationstarter.mode;

import org.junit.jupiter.api.Test;

import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link UnrelatedAutoConfigurationFilter}.
 *
 * @author migration-starter
 */
class UnrelatedAutoConfigurationFilterTests {

	private static final String[] CANDIDATES = {
			"org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
			"org.springframework.boot.liquibase.autoconfigure.LiquibaseAutoConfiguration",
			"org.springframework.boot.liquibase.autoconfigure.LiquibaseEndpointAutoConfiguration",
			"org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration",
			"org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration",
			"org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
			"org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration",
			"org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration",
			"org.springframework.boot.micrometer.metrics.autoconfigure.export.otlp.OtlpMetricsExportAutoConfiguration",
			null };

	@Test
	void keepsWhatAMigrationNeedsAndSkipsTheRestInMigrateOnlyMode() {
		boolean[] matches = filter(new MockEnvironment().withProperty("migration.mode", "migrate-only"))
			.match(CANDIDATES, null);
		assertThat(matches).containsExactly(true, true, false, false, false, false, false, true, true, true);
	}

	@Test
	void keepsThirdPartyAndApplicationAutoConfigurationsWhateverTheirPackage() {
		String[] candidates = { "com.example.persistence.LiquibaseAutoConfiguration",
				"com.example.web.cache.SchemaAutoConfiguration", "io.vendor.actuate.VendorEndpointAutoConfiguration",
				"org.springframework.bootstrap.web.OtherAutoConfiguration",
				"org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration" };
		boolean[] matches = filter(new MockEnvironment().withProperty("migration.mode", "migrate-only"))
			.match(candidates, null);
		assertThat(matches).containsExactly(true, true, true, true, false);
	}

	@Test
	void keepsEverythingInNormalMode() {
		boolean[] matches = filter(new MockEnvironment()).match(CANDIDATES, null);
		assertThat(matches).containsOnly(true);
	}

	@Test
	void keepsEverythingWhenTrimmingIsSwitchedOff() {
		boolean[] matches = filter(new MockEnvironment().withProperty("migration.mode", "migrate-only")
			.withProperty("migration.trim-auto-configuration", "false")).match(CANDIDATES, null);
		assertThat(matches).containsOnly(true);
	}

	private static UnrelatedAutoConfigurationFilter filter(MockEnvironment environment) {
		UnrelatedAutoConfigurationFilter filter = new UnrelatedAutoConfigurationFilter();
		filter.setEnvironment(environment);
		return filter;
	}

}
