package dev.migrationstarter.sample.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.migrationstarter.sample.process.AppProcess.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The safety check without a database, as a CI step runs it: a process of the sample jar
 * whose main class is the offline check, started by Spring Boot's
 * {@code PropertiesLauncher}.
 *
 * @author migration-starter
 */
class OfflineSafetyCheckProcessIT {

	private static final Path SAMPLE_RESOURCES = Path.of("src/main/resources").toAbsolutePath();

	@TempDir
	Path workDir;

	@Test
	void passesTheSampleApplicationsChangelogsForEveryDatabaseType() {
		for (String type : List.of("postgresql", "mariadb", "mysql", "h2")) {
			Result result = check(SAMPLE_RESOURCES, "--database=" + type, "db/changelog/v2/greeting-language.xml",
					"db/changelog/release-2.xml");
			assertThat(result.exitCode()).as(result.toString()).isZero();
			assertThat(result.lastLine()).isEqualTo("Safety check (exit code 0): no unsafe change for " + type);
		}
	}

	@Test
	void namesEachUnsafeChangeOfEachFormatAndExitsWithTheUnsafeChangeCode() throws IOException {
		write("drop.xml",
				"""
						<?xml version="1.0" encoding="UTF-8"?>
						<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog"
								xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
								xsi:schemaLocation="http://www.liquibase.org/xml/ns/dbchangelog https://www.liquibase.org/xml/ns/dbchangelog/dbchangelog-latest.xsd">
							<changeSet id="1" author="ci"><dropColumn tableName="orders" columnName="note"/></changeSet>
						</databaseChangeLog>
						""");
		write("index.yaml", """
				databaseChangeLog:
				  - changeSet:
				      id: 1
				      author: ci
				      changes:
				        - createIndex:
				            tableName: orders
				            indexName: idx_orders_note
				            columns:
				              - column:
				                  name: note
				""");
		write("concurrently.sql", """
				--liquibase formatted sql

				--changeset ci:1
				CREATE INDEX CONCURRENTLY idx_orders_amount ON orders (amount);
				""");
		Result postgres = check(this.workDir, "--database=postgresql", "drop.xml", "index.yaml", "concurrently.sql");
		assertThat(postgres.exitCode()).as(postgres.toString()).isEqualTo(6);
		assertThat(postgres.standardOutput()).contains("unsafe        drop.xml::1::ci drop-column: ")
			.contains("unsafe        index.yaml::1::ci create-index-not-concurrently: ")
			.contains("unsafe        concurrently.sql::1::ci concurrently-in-transaction: ");
		assertThat(postgres.lastLine())
			.isEqualTo("Safety check (exit code 6): 3 unsafe change(s) for postgresql; make them safe or "
					+ "acknowledge them after review");
		Result mariaDb = check(this.workDir, "--database=mariadb", "index.yaml", "concurrently.sql");
		assertThat(mariaDb.exitCode()).as(mariaDb.toString()).isZero();
	}

	@Test
	void passesWhatTheTeamAcknowledged() throws IOException {
		write("drop.sql", """
				--liquibase formatted sql

				--changeset ci:1
				ALTER TABLE orders DROP COLUMN note;
				""");
		Result result = check(this.workDir, "--database=postgresql", "--acknowledge=drop.sql::1::ci::drop-column",
				"drop.sql");
		assertThat(result.exitCode()).as(result.toString()).isZero();
		assertThat(result.standardOutput()).contains("acknowledged  drop.sql::1::ci drop-column: ");
	}

	@Test
	void badInputEndsWithItsCauseOnOneLine() {
		Result unknownType = check(this.workDir, "--database=oracle", "any.xml");
		assertThat(unknownType.exitCode()).as(unknownType.toString()).isEqualTo(1);
		assertThat(unknownType.lastLine())
			.startsWith("Safety check (exit code 1): unknown database type 'oracle'; usage: --database=");
		Result missing = check(this.workDir, "--database=h2", "missing.xml");
		assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(4);
		assertThat(missing.lastLine()).isEqualTo(
				"Safety check (exit code 4): changelog missing.xml not found under " + this.workDir.toAbsolutePath());
		assertThat(missing.standardError()).doesNotContain("\tat ");
	}

	private void write(String name, String content) throws IOException {
		Files.writeString(this.workDir.resolve(name), content);
	}

	private Result check(Path searchPath, String... args) {
		List<String> command = new ArrayList<>(List.of(AppProcess.javaBinary(), "-cp", System.getProperty("sample.jar"),
				"-Dloader.main=dev.migrationstarter.guard.OfflineSafetyCheck",
				"org.springframework.boot.loader.launch.PropertiesLauncher", "--search-path=" + searchPath));
		command.addAll(List.of(args));
		return AppProcess.command(this.workDir, command.toArray(String[]::new))
			.named("offline-check")
			.separateStandardError()
			.run();
	}

}
