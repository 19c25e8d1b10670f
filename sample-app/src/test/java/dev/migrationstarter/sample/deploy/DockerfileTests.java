package dev.migrationstarter.sample.deploy;

import java.util.ArrayList;
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

	private static final String ARCHIVE = "application.jsa";

	private final Dockerfile dockerfile = Dockerfile.read(Dockerfile.PATH);

	@Test
	void extractsTheJarIntoLayersWithSpringBootsToolsJarMode() {
		Stage extract = this.dockerfile.stages().get(0);
		assertThat(this.dockerfile.stages()).hasSize(3);
		assertThat(extract.arguments("RUN"))
			.containsExactly("java -Djarmode=tools -jar application.jar extract --layers --destination extracted");
	}

	@Test
	void copiesEveryLayerFromTheLeastToTheMostOftenChangedThenTheClassDataSharingArchive() {
		Stage extract = this.dockerfile.stages().get(0);
		Stage train = this.dockerfile.stages().get(1);
		List<String> copies = new ArrayList<>(layerCopies(extract));
		copies.add("--from=" + train.name() + " /application/" + ARCHIVE + " ./");
		assertThat(this.dockerfile.finalStage().arguments("COPY")).containsExactlyElementsOf(copies);
	}

	@Test
	void trainsTheArchiveOnAMigrationOfAnEmbeddedDatabaseWithTheImagesLayoutAndTheJobsFlags() {
		Stage extract = this.dockerfile.stages().get(0);
		Stage train = this.dockerfile.stages().get(1);
		assertThat(train.name()).isNotEmpty();
		assertThat(train.instructions().get(0).arguments()).isEqualTo("eclipse-temurin:17-jre AS " + train.name());
		assertThat(train.last("WORKDIR")).isEqualTo(this.dockerfile.finalStage().last("WORKDIR"))
			.contains("/application");
		assertThat(train.arguments("COPY")).containsExactlyElementsOf(layerCopies(extract));
		assertThat(train.arguments("RUN")).containsExactly("java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC "
				+ "-XX:ArchiveClassesAtExit=" + ARCHIVE + " -jar application.jar --migrate-only "
				+ "--spring.datasource.url=jdbc:h2:file:./training/sample");
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
		assertThat(entrypoint.execForm()).containsExactly("java", "-XX:SharedArchiveFile=" + ARCHIVE, "-jar",
				"application.jar");
		assertThat(image.arguments("CMD")).as("a Job's args or an ECS command override become application arguments")
			.isEmpty();
		assertThat(image.arguments("EXPOSE")).containsExactly("8080");
	}

	@Test
	void buildsFromAJava17Runtime() {
		assertThat(this.dockerfile.stages()).allSatisfy(
				(stage) -> assertThat(stage.instructions().get(0).arguments()).startsWith("eclipse-temurin:17-jre"));
	}

	private static List<String> layerCopies(Stage extract) {
		String extracted = extract.last("WORKDIR").orElseThrow() + "/extracted/";
		return List.of("dependencies/", "spring-boot-loader/", "snapshot-dependencies/", "application/")
			.stream()
			.map((layer) -> "--from=" + extract.name() + " " + extracted + layer + " ./")
			.toList();
	}

}
