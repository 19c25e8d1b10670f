package dev.migrationstarter.sample.deploy;

import java.util.List;

import dev.migrationstarter.sample.deploy.Dockerfile.Instruction;
import dev.migrationstarter.sample.deploy.Dockerfile.Stage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The layout of {@code deploy/Dockerfile}. {@code DeploymentRecipesProcessIT} plays its
 * steps on the built jar.
 *
 * @author migration-starter
 */
class DockerfileTests {

	private final Dockerfile dockerfile = Dockerfile.read(Dockerfile.PATH);

	@Test
	void extractsTheJarIntoLayersWithSpringBootsToolsJarMode() {
		Stage extract = this.dockerfile.stages().get(0);
		assertThat(this.dockerfile.stages()).hasSize(2);
		assertThat(extract.arguments("RUN"))
			.containsExactly("java -Djarmode=tools -jar application.jar extract --layers --destination extracted");
	}

	@Test
	void copiesEveryLayerFromTheLeastToTheMostOftenChanged() {
		Stage extract = this.dockerfile.stages().get(0);
		String extracted = extract.last("WORKDIR").orElseThrow() + "/extracted/";
		assertThat(this.dockerfile.finalStage().arguments("COPY")).containsExactly(
				"--from=" + extract.name() + " " + extracted + "dependencies/ ./",
				"--from=" + extract.name() + " " + extracted + "spring-boot-loader/ ./",
				"--from=" + extract.name() + " " + extracted + "snapshot-dependencies/ ./",
				"--from=" + extract.name() + " " + extracted + "application/ ./");
	}

	@Test
	void runsAsANonRootUser() {
		Stage image = this.dockerfile.finalStage();
		String user = image.last("USER").orElseThrow(() -> new AssertionError("no USER in the final stage"));
		assertThat(user.split(":")[0]).isNotIn("root", "0").matches("[1-9][0-9]*");
		assertThat(image.arguments("RUN")).singleElement()
			.asString()
			.contains("useradd")
			.contains("--uid " + user.split(":")[0]);
		List<String> keywords = image.instructions().stream().map(Instruction::keyword).toList();
		assertThat(keywords.lastIndexOf("USER")).isLessThan(keywords.indexOf("ENTRYPOINT"));
	}

	@Test
	void startsTheApplicationFromAnExecFormEntrypointWithoutACommand() {
		Stage image = this.dockerfile.finalStage();
		Instruction entrypoint = image.instructions()
			.stream()
			.filter((instruction) -> instruction.keyword().equals("ENTRYPOINT"))
			.findFirst()
			.orElseThrow();
		assertThat(entrypoint.execForm()).containsExactly("java", "-jar", "application.jar");
		assertThat(image.arguments("CMD")).as("a Job's args or an ECS command override become application arguments")
			.isEmpty();
		assertThat(image.arguments("EXPOSE")).containsExactly("8080");
	}

	@Test
	void buildsFromAJava17Runtime() {
		assertThat(this.dockerfile.stages()).allSatisfy(
				(stage) -> assertThat(stage.instructions().get(0).arguments()).startsWith("eclipse-temurin:17-jre"));
	}

}
