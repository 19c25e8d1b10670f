package dev.migrationstarter.sample.process;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.migrationstarter.sample.process.AppProcess.Result;
import dev.migrationstarter.testsupport.DatabaseKind;
import dev.migrationstarter.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JSON run report of {@code migration.report-file}, written by real processes of the
 * sample jar on its embedded H2 file database.
 *
 * @author migration-starter
 */
class RunReportProcessIT {

	private static final JsonMapper json = JsonMapper.builder().build();

	@TempDir
	Path workDir;

	@Test
	void migrateOnlyReportsEveryAppliedChangesetAndTheLastLine() throws Exception {
		Path report = this.workDir.resolve("report.json");
		Result result = AppProcess.sampleJar(this.workDir, "--migrate-only", "--migration.report-file=" + report)
			.named("report")
			.run();
		assertThat(result.exitCode()).as(result.toString()).isZero();
		JsonNode document = json.readTree(Files.readString(report));
		assertThat(document.get("command").asString()).isEqualTo("migrate-only");
		assertThat(document.get("exitCode").asInt()).isZero();
		assertThat(document.get("outcome").asString()).isEqualTo("success");
		assertThat(document.get("summary").asString()).startsWith("Migration finished (exit code 0): 4 changesets");
		assertThat(result.output()).contains(document.get("summary").asString());
		JsonNode target = document.get("targets").get(0);
		assertThat(target.get("name").asString()).isEqualTo("liquibase");
		assertThat(target.get("database").asString()).startsWith("H2 ");
		assertThat(target.get("applied").asInt()).isEqualTo(4);
		assertThat(target.get("changeSets").valueStream().map(JsonNode::asString).toList()).containsExactly(
				"db/changelog/v1/greeting.xml::v1-1-create-greeting::sample",
				"db/changelog/v1/greeting.xml::v1-2-seed-greeting::sample",
				"db/changelog/v2/greeting-language.xml::v2-1-add-greeting-language::sample",
				"db/changelog/v2/greeting-language.xml::v2-2-seed-greeting-languages::sample");
		assertThat(document.get("durationMillis").asLong()).isNotNegative();
	}

	@Test
	void aFailedRunReportsItsExitCodeAndWhatStayedApplied() throws Exception {
		Path changelog = this.workDir.resolve("changelog.xml");
		String changelogArgument = Changelogs.write(changelog, Changelogs.createTable("1-ok", "report_ok"),
				Changelogs.sql("2-broken", "insert into no_such_table values (1)"));
		Path report = this.workDir.resolve("report.json");
		Result result = AppProcess
			.sampleJar(this.workDir, "--migrate-only", "--migration.report-file=" + report, changelogArgument)
			.named("report-failed")
			.run();
		assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
		JsonNode document = json.readTree(Files.readString(report));
		assertThat(document.get("exitCode").asInt()).isEqualTo(1);
		assertThat(document.get("outcome").asString()).isEqualTo("migration_failed");
		assertThat(document.get("summary").asString()).contains("2-broken").contains("1 changeset applied before it");
		JsonNode target = document.get("targets").get(0);
		assertThat(target.get("applied").asInt()).isEqualTo(1);
		assertThat(target.get("changeSets").get(0).asString()).endsWith("::1-ok::test");
	}

	@Test
	void aReportThatCannotBeWrittenStopsTheRunBeforeAnythingIsMigrated() {
		Path report = this.workDir.resolve("no/such/directory/report.json");
		Result result = AppProcess.sampleJar(this.workDir, "--migrate-only", "--migration.report-file=" + report)
			.named("report-unwritable")
			.run();
		assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
		assertThat(lastLine(result)).contains("the run report cannot be written to " + report)
			.contains("Next: point migration.report-file at a writable file");
		TestDatabase database = new TestDatabase(DatabaseKind.H2,
				"jdbc:h2:file:" + this.workDir.resolve("data/sample") + ";AUTO_SERVER=TRUE", "sa", "");
		assertThat(database.tableExists("greeting")).isFalse();
	}

	private static String lastLine(Result result) {
		List<String> lines = result.output().lines().filter((line) -> !line.isBlank()).toList();
		return lines.get(lines.size() - 1);
	}

}
