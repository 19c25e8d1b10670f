package dev.migrationstarter.sample.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code deploy/ecs/run-migration.sh} as a real process, with a stub {@code aws} first on
 * the {@code PATH} that answers with canned ECS responses.
 *
 * @author migration-starter
 */
class EcsMigrationScriptTests {

	private static final Path ECS = Manifests.DEPLOY.resolve("ecs");

	private static final Path SCRIPT = ECS.resolve("run-migration.sh");

	private static final String TASK_ARN = "arn:aws:ecs:eu-west-1:123456789012:task/prod/0f1e2d3c4b5a";

	private static final String STUB = """
			#!/usr/bin/env bash
			printf '%s\\n' "$*" >> "$STUB_DIR/calls"
			case "$1 $2" in
				"ecs run-task") cat "$STUB_DIR/run-task.json" ;;
				"ecs wait") exit "$(cat "$STUB_DIR/wait.exit")" ;;
				"ecs describe-tasks") cat "$STUB_DIR/describe-tasks.json" ;;
				*) echo "stub aws: unexpected call: $*" >&2; exit 2 ;;
			esac
			""";

	@TempDir
	Path stubDir;

	@BeforeEach
	void installStub() throws IOException {
		Path aws = this.stubDir.resolve("aws");
		Files.writeString(aws, STUB);
		assertThat(aws.toFile().setExecutable(true)).isTrue();
		write("run-task.json", started());
		write("wait.exit", "0");
	}

	@Test
	void overridesRunTheAppContainerWithMigrateOnlyAndTheJobsJvmFlags() {
		String overrides = Manifests.read(ECS.resolve("migration-overrides.json"));
		assertThat(JsonPath.<List<String>>read(overrides, "$.containerOverrides[0].command"))
			.containsExactly("--migrate-only");
		assertThat(JsonPath.<String>read(overrides, "$.containerOverrides[0].name")).isEqualTo("sample-app");
		assertThat(JsonPath.<List<String>>read(overrides,
				"$.containerOverrides[0].environment[?(@.name == 'JAVA_TOOL_OPTIONS')].value"))
			.containsExactly("-XX:TieredStopAtLevel=1 -XX:+UseSerialGC");
	}

	@Test
	void passesWhenTheMigrationContainerExitsZero() {
		write("describe-tasks.json", stopped(0));
		ScriptResult result = run("prod", "sample-app:42");
		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output()).contains("started " + TASK_ARN).contains("finished (exit code 0)");
		List<String> calls = calls();
		assertThat(calls).hasSize(3);
		assertThat(calls.get(0)).startsWith("ecs run-task --cluster prod --task-definition sample-app:42")
			.contains("--launch-type FARGATE")
			.contains("--overrides file://" + ECS.resolve("migration-overrides.json"));
		assertThat(calls.get(1)).isEqualTo("ecs wait tasks-stopped --cluster prod --tasks " + TASK_ARN);
		assertThat(calls.get(2)).startsWith("ecs describe-tasks --cluster prod --tasks " + TASK_ARN);
	}

	@Test
	void passesTheNetworkConfigurationThatFargateNeeds() {
		write("describe-tasks.json", stopped(0));
		String network = "awsvpcConfiguration={subnets=[subnet-0a1b],securityGroups=[sg-0c2d]}";
		ScriptResult result = run(List.of("NETWORK_CONFIGURATION=" + network), "prod", "sample-app:42");
		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(calls().get(0)).contains("--network-configuration " + network);
	}

	@ParameterizedTest
	@ValueSource(ints = { 1, 3, 4, 5, 137 })
	void failsWithTheMigrationsExitCodeWhenItIsNotZero(int exitCode) {
		write("describe-tasks.json", stopped(exitCode));
		ScriptResult result = run("prod", "sample-app:42");
		assertThat(result.exitCode()).as(result.output()).isEqualTo(exitCode);
		assertThat(result.output()).contains("failed (exit code " + exitCode + ")");
	}

	@Test
	void failsWhenTheTaskStoppedBeforeTheContainerRan() {
		write("describe-tasks.json", """
				{"tasks": [{"taskArn": "%s", "lastStatus": "STOPPED", "stopCode": "TaskFailedToStart",
				  "stoppedReason": "CannotPullContainerError: pull image manifest has been retried 5 time(s)",
				  "containers": [{"name": "sample-app", "lastStatus": "STOPPED",
				    "reason": "CannotPullContainerError: ref not found"}]}],
				 "failures": []}""".formatted(TASK_ARN));
		ScriptResult result = run("prod", "sample-app:42");
		assertThat(result.exitCode()).as(result.output()).isEqualTo(10);
		assertThat(result.output()).contains("stopped before container sample-app exited")
			.contains("CannotPullContainerError: pull image manifest")
			.contains("ref not found");
	}

	@Test
	void failsWhenNoTaskStarted() {
		write("run-task.json", """
				{"tasks": [], "failures": [{"arn": "arn:aws:ecs:eu-west-1:123456789012:container-instance/abc",
				  "reason": "RESOURCE:MEMORY"}]}""");
		ScriptResult result = run("prod", "sample-app:42");
		assertThat(result.exitCode()).as(result.output()).isEqualTo(10);
		assertThat(result.output()).contains("the task did not start").contains("RESOURCE:MEMORY");
		assertThat(calls()).hasSize(1);
	}

	@Test
	void waitsOnWhenTheWaiterGivesUpBeforeTheTaskStopped() {
		write("wait.exit", "255");
		write("describe-tasks.json", stopped(0));
		ScriptResult result = run("prod", "sample-app:42");
		assertThat(result.exitCode()).as(result.output()).isZero();
	}

	@Test
	void failsWhenTheTaskIsStillRunningAtTheTimeout() {
		write("wait.exit", "255");
		write("describe-tasks.json", """
				{"tasks": [{"taskArn": "%s", "lastStatus": "RUNNING",
				  "containers": [{"name": "sample-app", "lastStatus": "RUNNING"}]}], "failures": []}"""
			.formatted(TASK_ARN));
		ScriptResult result = run(List.of("MIGRATION_TIMEOUT=0"), "prod", "sample-app:42");
		assertThat(result.exitCode()).as(result.output()).isEqualTo(10);
		assertThat(result.output()).contains("still RUNNING after 0s").contains("aws ecs stop-task");
	}

	@Test
	void printsItsUsageWithoutACluster() {
		ScriptResult result = run("prod");
		assertThat(result.exitCode()).isEqualTo(64);
		assertThat(result.output()).contains("Usage: run-migration.sh CLUSTER TASK_DEFINITION");
		assertThat(calls()).isEmpty();
	}

	@Test
	void isValidBash() {
		ScriptResult result = exec(List.of(), "bash", "-n", SCRIPT.toString());
		assertThat(result.exitCode()).as(result.output()).isZero();
	}

	private static String started() {
		return """
				{"tasks": [{"taskArn": "%s", "lastStatus": "PROVISIONING",
				  "containers": [{"name": "sample-app", "lastStatus": "PENDING"}]}], "failures": []}"""
			.formatted(TASK_ARN);
	}

	private static String stopped(int exitCode) {
		return """
				{"tasks": [{"taskArn": "%s", "lastStatus": "STOPPED", "stopCode": "EssentialContainerExited",
				  "stoppedReason": "Essential container in task exited",
				  "containers": [
				    {"name": "log-router", "lastStatus": "STOPPED", "exitCode": 0},
				    {"name": "sample-app", "lastStatus": "STOPPED", "exitCode": %d}]}],
				 "failures": []}""".formatted(TASK_ARN, exitCode);
	}

	private ScriptResult run(String... args) {
		return run(List.of(), args);
	}

	private ScriptResult run(List<String> environment, String... args) {
		List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
		command.addAll(List.of(args));
		return exec(environment, command.toArray(String[]::new));
	}

	private ScriptResult exec(List<String> environment, String... command) {
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(this.stubDir.resolve("output").toFile());
		builder.environment().put("PATH", this.stubDir + ":" + System.getenv("PATH"));
		builder.environment().put("STUB_DIR", this.stubDir.toString());
		for (String variable : environment) {
			String[] nameAndValue = variable.split("=", 2);
			builder.environment().put(nameAndValue[0], nameAndValue[1]);
		}
		try {
			Process process = builder.start();
			if (!process.waitFor(30, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new AssertionError("run-migration.sh did not exit within 30s");
			}
			return new ScriptResult(process.exitValue(), Files.readString(this.stubDir.resolve("output")));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private List<String> calls() {
		Path calls = this.stubDir.resolve("calls");
		try {
			return Files.exists(calls) ? Files.readAllLines(calls, StandardCharsets.UTF_8) : List.of();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void write(String name, String content) {
		try {
			Files.writeString(this.stubDir.resolve(name), content);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private record ScriptResult(int exitCode, String output) {

	}

}
