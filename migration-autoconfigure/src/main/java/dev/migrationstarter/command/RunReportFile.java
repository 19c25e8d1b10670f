package dev.migrationstarter.command;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import dev.migrationstarter.core.MigrationExitCode;
import dev.migrationstarter.core.MigrationReport;

/**
 * Writes what a run-and-exit process did as a JSON document, for pipelines that post the
 * result of a release phase somewhere (a chat channel, a deployment record).
 *
 * <p>
 * The document is written to a temporary file beside the target and moved into place, so
 * a reader never sees half a report.
 *
 * @author migration-starter
 */
public final class RunReportFile {

	private final Path path;

	/**
	 * Create a report file.
	 * @param path where the report is written
	 */
	public RunReportFile(Path path) {
		this.path = path.toAbsolutePath();
	}

	/**
	 * The file the report is written to.
	 * @return the path
	 */
	public Path path() {
		return this.path;
	}

	/**
	 * Whether the report can be written: its directory exists and the file is writable.
	 * Checked before anything runs, so that a run whose report would be lost never
	 * starts.
	 * @return whether the report can be written
	 */
	public boolean isWritable() {
		Path directory = this.path.getParent();
		return directory != null && Files.isDirectory(directory) && Files.isWritable(directory)
				&& (!Files.exists(this.path) || Files.isWritable(this.path));
	}

	/**
	 * Write the report.
	 * @param command the run-and-exit command, such as {@code migrate-only}
	 * @param exitCode how the process ends
	 * @param summary the last line the process logs
	 * @param startedAt when the command started
	 * @param finishedAt when it finished
	 * @param targets what each migrated bean did
	 * @throws IOException if the file cannot be written
	 */
	public void write(String command, MigrationExitCode exitCode, String summary, Instant startedAt, Instant finishedAt,
			List<MigrationReport> targets) throws IOException {
		StringBuilder json = new StringBuilder(512);
		json.append("{\n");
		field(json, 1, "command", command).append(",\n");
		indent(json, 1).append("\"exitCode\": ").append(exitCode.code()).append(",\n");
		field(json, 1, "outcome", exitCode.name().toLowerCase(Locale.ROOT)).append(",\n");
		field(json, 1, "summary", summary).append(",\n");
		field(json, 1, "startedAt", startedAt.toString()).append(",\n");
		field(json, 1, "finishedAt", finishedAt.toString()).append(",\n");
		indent(json, 1).append("\"durationMillis\": ")
			.append(Duration.between(startedAt, finishedAt).toMillis())
			.append(",\n");
		indent(json, 1).append("\"targets\": [");
		for (int i = 0; i < targets.size(); i++) {
			json.append((i == 0) ? "\n" : ",\n");
			target(json, targets.get(i));
		}
		json.append(targets.isEmpty() ? "]\n" : "\n" + "  ]\n");
		json.append("}\n");
		Path temporary = Files.createTempFile(this.path.getParent(), ".migration-report", ".json");
		try {
			Files.writeString(temporary, json, StandardCharsets.UTF_8);
			Files.move(temporary, this.path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		}
		finally {
			Files.deleteIfExists(temporary);
		}
	}

	private static void target(StringBuilder json, MigrationReport report) {
		indent(json, 2).append("{\n");
		field(json, 3, "name", report.beanName()).append(",\n");
		field(json, 3, "engine", report.engine().tag()).append(",\n");
		field(json, 3, "database", report.target()).append(",\n");
		indent(json, 3).append("\"applied\": ").append(report.applied()).append(",\n");
		indent(json, 3).append("\"changeSets\": [");
		List<String> changeSets = report.changeSets();
		for (int i = 0; i < changeSets.size(); i++) {
			json.append((i == 0) ? "" : ", ").append(quote(changeSets.get(i)));
		}
		json.append("],\n");
		indent(json, 3).append("\"lockWaitMillis\": ").append(report.lockWait().toMillis()).append(",\n");
		indent(json, 3).append("\"durationMillis\": ").append(report.duration().toMillis()).append("\n");
		indent(json, 2).append("}");
	}

	private static StringBuilder field(StringBuilder json, int depth, String name, String value) {
		return indent(json, depth).append(quote(name)).append(": ").append((value != null) ? quote(value) : "null");
	}

	private static StringBuilder indent(StringBuilder json, int depth) {
		return json.append("  ".repeat(depth));
	}

	static String quote(String value) {
		StringBuilder quoted = new StringBuilder(value.length() + 2).append('"');
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '"' -> quoted.append("\\\"");
				case '\\' -> quoted.append("\\\\");
				case '\n' -> quoted.append("\\n");
				case '\r' -> quoted.append("\\r");
				case '\t' -> quoted.append("\\t");
				default -> {
					if (c < 0x20) {
						quoted.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
					}
					else {
						quoted.append(c);
					}
				}
			}
		}
		return quoted.append('"').toString();
	}

}
