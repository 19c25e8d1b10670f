package dev.migrationstarter.command;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.migrationstarter.core.MigrationEngine;
import dev.migrationstarter.core.MigrationExitCode;
import dev.migrationstarter.core.MigrationReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class RunReportFileTests {

	@TempDir
	Path directory;

	@Test
	void writesTheRunAsJsonWithEscapedText() throws Exception {
		RunReportFile file = new RunReportFile(this.directory.resolve("report.json"));
		Instant started = Instant.parse("2026-01-01T10:00:00Z");
		MigrationReport target = new MigrationReport("liquibase", MigrationEngine.LIQUIBASE, "H2 at jdbc:h2:mem:x", 1,
				Duration.ofMillis(20), Duration.ofMillis(300), List.of("a.xml::1::\"quoted\" \\ author"));
		file.write("migrate-only", MigrationExitCode.SUCCESS, "line\twith tab", started, started.plusMillis(1500),
				List.of(target));
		String json = Files.readString(file.path());
		assertThat(json).contains("\"command\": \"migrate-only\"")
			.contains("\"exitCode\": 0")
			.contains("\"outcome\": \"success\"")
			.contains("\"summary\": \"line\\twith tab\"")
			.contains("\"durationMillis\": 1500")
			.contains("\"changeSets\": [\"a.xml::1::\\\"quoted\\\" \\\\ author\"]")
			.contains("\"lockWaitMillis\": 20");
		assertThat(this.directory).isDirectoryNotContaining("glob:**/.migration-report*");
	}

	@Test
	void isNotWritableWhenTheDirectoryIsMissing() {
		assertThat(new RunReportFile(this.directory.resolve("missing/report.json")).isWritable()).isFalse();
		assertThat(new RunReportFile(this.directory.resolve("report.json")).isWritable()).isTrue();
	}

	@Test
	void quotesControlCharacters() {
		assertThat(RunReportFile.quote("a\u0001b\nc")).isEqualTo("\"a\\u0001b\\nc\"");
	}

}
