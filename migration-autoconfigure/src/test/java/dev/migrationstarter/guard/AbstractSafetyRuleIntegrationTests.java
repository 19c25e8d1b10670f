package dev.migrationstarter.guard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import dev.migrationstarter.core.MigrationException;
import dev.migrationstarter.core.MigrationExitCode;
import dev.migrationstarter.guard.GuardChange.Format;
import dev.migrationstarter.liquibase.LiquibaseTarget;
import dev.migrationstarter.metrics.MigrationMeters;
import dev.migrationstarter.testsupport.DatabaseServer;
import dev.migrationstarter.testsupport.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import liquibase.integration.spring.SpringLiquibase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.core.io.DefaultResourceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Every rule that applies to a database, judged over the SQL that Liquibase generates for
 * a real connection: an unsafe change is found and its safe form is not, in XML, YAML and
 * formatted SQL changelogs. Run against each database by a thin subclass that names its
 * rules.
 *
 * @author migration-starter
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractSafetyRuleIntegrationTests {

	private static final String RELEASE_ONE = """
			<?xml version="1.0" encoding="UTF-8"?>
			<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog"
					xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
					xsi:schemaLocation="http://www.liquibase.org/xml/ns/dbchangelog https://www.liquibase.org/xml/ns/dbchangelog/dbchangelog-latest.xsd">
			<changeSet id="1-schema" author="test">
			<sql>CREATE TABLE customer (id BIGINT PRIMARY KEY)</sql>
			<sql>CREATE TABLE orders (id BIGINT PRIMARY KEY, note VARCHAR(20), amount INT, customer_id BIGINT)</sql>
			<sql>CREATE VIEW order_notes AS SELECT id, note FROM orders</sql>
			</changeSet>
			</databaseChangeLog>
			""";

	@TempDir
	Path workDir;

	TestDatabase database;

	private int changelogs;

	protected abstract DatabaseServer server();

	/**
	 * The rules of this database, each with an unsafe change and its safe form.
	 * @return the cases
	 */
	protected abstract List<RuleCase> ruleCases();

	// once per class, but before each test, so that a missing database skips every test
	// with its reason instead of hiding the whole class
	@BeforeEach
	void migrateReleaseOne() throws Exception {
		if (this.database != null) {
			return;
		}
		this.database = server().createDatabase();
		Path releaseOne = this.workDir.resolve("release-1.xml");
		Files.writeString(releaseOne, RELEASE_ONE);
		liquibase("file:" + releaseOne.toAbsolutePath()).afterPropertiesSet();
	}

	Stream<Arguments> cases() {
		List<Arguments> cases = new ArrayList<>();
		for (RuleCase ruleCase : ruleCases()) {
			for (Format format : Format.values()) {
				cases.add(Arguments.of(ruleCase.rule(), format, "unsafe", ruleCase.unsafe(), ruleCase));
				cases.add(Arguments.of(ruleCase.rule(), format, "safe", ruleCase.safe(), ruleCase));
			}
		}
		return cases.stream();
	}

	@ParameterizedTest(name = "{0} {1} {2}")
	@MethodSource("cases")
	void findsTheUnsafeChangeAndNothingInItsSafeForm(String rule, Format format, String form, GuardChange change,
			RuleCase ruleCase) throws IOException {
		boolean unsafe = form.equals("unsafe");
		boolean runInTransaction = unsafe ? ruleCase.unsafeInTransaction() : ruleCase.safeInTransaction();
		List<String> rules = rulesOf(change.changelog(format, rule + "-" + form, runInTransaction), format);
		if (unsafe) {
			assertThat(rules).contains(rule);
		}
		else {
			assertThat(rules).isEmpty();
		}
	}

	@Test
	void findsNothingInTheSampleApplicationsSecondRelease() throws Exception {
		TestDatabase sample = server().createDatabase();
		Path changelogs = Path.of("../sample-app/src/main/resources/db/changelog").toAbsolutePath().normalize();
		SpringLiquibase releaseOne = liquibase("file:" + changelogs.resolve("release-1.xml"));
		releaseOne.setDataSource(sample.dataSource());
		releaseOne.afterPropertiesSet();
		SpringLiquibase releaseTwo = liquibase("file:" + changelogs.resolve("release-2.xml"));
		releaseTwo.setDataSource(sample.dataSource());
		assertThat(guard(GuardPolicy.REFUSE).findings(LiquibaseTarget.of("liquibase", releaseTwo))).isEmpty();
	}

	@Test
	void neverTouchesLiquibasesChangelogLockHeldByAnotherMigrator() throws IOException {
		this.database.jdbc()
			.update("UPDATE DATABASECHANGELOGLOCK SET LOCKED = ?, LOCKEDBY = 'another migrator' WHERE ID = 1", true);
		try {
			List<String> rules = rulesOf(GuardChange.change("dropColumn", "tableName", "orders", "columnName", "note")
				.or("ALTER TABLE orders DROP COLUMN note")
				.changelog(Format.XML, "drop-note", true), Format.XML);
			assertThat(rules).contains("drop-column");
			assertThat(this.database.jdbc()
				.queryForObject("SELECT LOCKEDBY FROM DATABASECHANGELOGLOCK WHERE ID = 1", String.class))
				.isEqualTo("another migrator");
		}
		finally {
			this.database.jdbc().update("UPDATE DATABASECHANGELOGLOCK SET LOCKED = ?, LOCKEDBY = NULL", false);
		}
	}

	@Test
	void countsEachFindingByRuleAndOutcome() throws IOException {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		SpringLiquibase liquibase = liquibaseFor(
				GuardChange.sql("DROP TABLE customer").changelog(Format.XML, "drop-customer", true), Format.XML);
		MigrationGuard guard = new MigrationGuard(GuardPolicy.REFUSE, Acknowledgements.of(List.of()),
				List.of(new MigrationMeters(registry)));
		assertThatExceptionOfType(MigrationException.class)
			.isThrownBy(() -> guard.check(LiquibaseTarget.of("liquibase", liquibase)))
			.satisfies((ex) -> assertThat(ex.getExitCode()).isEqualTo(MigrationExitCode.UNSAFE_CHANGE));
		new MigrationGuard(GuardPolicy.WARN, Acknowledgements.of(List.of()), List.of(new MigrationMeters(registry)))
			.check(LiquibaseTarget.of("liquibase", liquibase));
		new MigrationGuard(GuardPolicy.REFUSE, Acknowledgements.of(List.of(changeSetOf(liquibase, "drop-customer"))),
				List.of(new MigrationMeters(registry)))
			.check(LiquibaseTarget.of("liquibase", liquibase));
		assertThat(registry.get(MigrationMeters.GUARD_FINDINGS)
			.tags("rule", "drop-table", "outcome", "acknowledged")
			.counter()
			.count()).isOne();
		assertThat(registry.get(MigrationMeters.GUARD_FINDINGS)
			.tags("rule", "drop-table", "outcome", "refused")
			.counter()
			.count()).isOne();
		assertThat(registry.get(MigrationMeters.GUARD_FINDINGS)
			.tags("rule", "drop-table", "outcome", "warned")
			.counter()
			.count()).isOne();
	}

	List<String> rulesOf(String changelog, Format format) throws IOException {
		return findingsOf(changelog, format).stream().map((finding) -> finding.rule().id()).toList();
	}

	List<Finding> findingsOf(String changelog, Format format) throws IOException {
		return guard(GuardPolicy.REFUSE).findings(LiquibaseTarget.of("liquibase", liquibaseFor(changelog, format)));
	}

	SpringLiquibase liquibaseFor(String changelog, Format format) throws IOException {
		Path file = this.workDir.resolve(format.fileName("release-2-" + (++this.changelogs)));
		Files.writeString(file, changelog);
		return liquibase("file:" + file.toAbsolutePath());
	}

	static String changeSetOf(SpringLiquibase liquibase, String id) {
		return liquibase.getChangeLog() + "::" + id + "::test";
	}

	private static MigrationGuard guard(GuardPolicy policy) {
		return new MigrationGuard(policy, Acknowledgements.of(List.of()));
	}

	private SpringLiquibase liquibase(String changelog) {
		SpringLiquibase liquibase = new SpringLiquibase();
		liquibase.setDataSource(this.database.dataSource());
		liquibase.setChangeLog(changelog);
		liquibase.setResourceLoader(new DefaultResourceLoader());
		liquibase.setAnalyticsEnabled(false);
		return liquibase;
	}

	/**
	 * A rule with an unsafe change and its safe form.
	 *
	 * @param rule the rule id
	 * @param unsafe the change that breaks it
	 * @param unsafeInTransaction whether the unsafe changeset runs in a transaction
	 * @param safe the safe form of the change
	 * @param safeInTransaction whether the safe changeset runs in a transaction
	 */
	record RuleCase(String rule, GuardChange unsafe, boolean unsafeInTransaction, GuardChange safe,
			boolean safeInTransaction) {

		RuleCase(String rule, GuardChange unsafe, GuardChange safe) {
			this(rule, unsafe, true, safe, true);
		}

		@Override
		public String toString() {
			return this.rule;
		}

	}

}
