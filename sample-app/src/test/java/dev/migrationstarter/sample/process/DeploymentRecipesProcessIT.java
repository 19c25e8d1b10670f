package dev.migrationstarter.sample.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import dev.migrationstarter.sample.deploy.Dockerfile;
import dev.migrationstarter.sample.deploy.Dockerfile.Instruction;
import dev.migrationstarter.sample.deploy.Dockerfile.Stage;
import dev.migrationstarter.sample.process.AppProcess.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deployment recipes' commands played on the built jar without their platforms: the
 * Dockerfile's extraction and layer copies, then its entrypoint, and the Heroku
 * Procfile's release and web lines.
 *
 * @author migration-starter
 */
class DeploymentRecipesProcessIT {

	@TempDir
	Path workDir;

	@Test
	void imageLayoutBuiltAsTheDockerfileSaysMigratesAndServes() throws IOException {
		Dockerfile dockerfile = Dockerfile.read(Dockerfile.PATH);
		Stage extractStage = dockerfile.stages().get(0);
		Path extractDir = this.workDir.resolve("extract");
		Files.createDirectories(extractDir);
		Files.copy(Path.of(System.getProperty("sample.jar")), extractDir.resolve("application.jar"));
		for (String run : extractStage.arguments("RUN")) {
			Result extraction = AppProcess.command(extractDir, javaCommand(run.split("\\s+"))).named("extract").run();
			assertThat(extraction.exitCode()).as(extraction.toString()).isZero();
		}
		Path image = this.workDir.resolve("application");
		Files.createDirectories(image);
		Stage trainStage = dockerfile.stages().get(1);
		assertThat(trainStage.last("WORKDIR")).as("the archive holds only for the image's paths")
			.isEqualTo(dockerfile.finalStage().last("WORKDIR"));
		List<String> layerCopies = dockerfile.finalStage()
			.arguments("COPY")
			.stream()
			.filter((copy) -> copy.startsWith("--from=" + extractStage.name() + " "))
			.toList();
		assertThat(trainStage.arguments("COPY")).isEqualTo(layerCopies);
		for (String copy : layerCopies) {
			copyLayer(copy, extractStage, extractDir, image);
		}
		assertThat(image.resolve("application.jar")).isRegularFile();
		assertThat(image.resolve("lib")).isDirectoryContaining((file) -> file.toString().contains("liquibase-core"));
		for (String run : trainStage.arguments("RUN")) {
			Result training = AppProcess.command(image, javaCommand(run.split("\\s+"))).named("train").run();
			assertThat(training.exitCode()).as(training.toString()).isZero();
		}
		String trainWorkDir = trainStage.last("WORKDIR").orElseThrow();
		for (String copy : dockerfile.finalStage().arguments("COPY")) {
			if (!layerCopies.contains(copy)) {
				String[] fromSourceDestination = copy.split("\\s+");
				assertThat(fromSourceDestination[0]).isEqualTo("--from=" + trainStage.name());
				assertThat(fromSourceDestination[1]).startsWith(trainWorkDir + "/");
				assertThat(image.resolve(fromSourceDestination[1].substring(trainWorkDir.length() + 1))).as(copy)
					.isRegularFile();
			}
		}
		Instruction entrypoint = dockerfile.finalStage()
			.instructions()
			.stream()
			.filter((instruction) -> instruction.keyword().equals("ENTRYPOINT"))
			.findFirst()
			.orElseThrow();
		String[] command = javaCommand(entrypoint.execForm().toArray(String[]::new));
		String database = "jdbc:h2:file:" + this.workDir.resolve("db/sample") + ";AUTO_SERVER=TRUE";
		Result migration = AppProcess.command(image, command)
			.arg("--migrate-only")
			.named("image-migrate")
			.env("SPRING_DATASOURCE_URL", database)
			.run();
		assertThat(migration.exitCode()).as(migration.toString()).isZero();
		assertThat(migration.lastLine()).contains("4 changesets applied");
		assertThat(migration.output()).as("the JVM uses the class-data sharing archive").doesNotContain("[cds");
		AppProcess server = AppProcess.command(image, command)
			.arg("--server.port=0")
			.named("image-serve")
			.env("SPRING_DATASOURCE_URL", database)
			.start();
		try {
			int port = server.awaitPort(Duration.ofSeconds(60));
			server.awaitCondition("readiness", Duration.ofSeconds(10),
					() -> get(port, "/actuator/health/readiness").statusCode() == 200);
		}
		finally {
			server.kill();
		}
	}

	@Test
	void procfileReleaseLineMigratesAndItsWebLineServes() throws IOException {
		String release = null;
		String web = null;
		for (String line : Files.readAllLines(Path.of("deploy/heroku/Procfile"))) {
			if (line.startsWith("release:")) {
				release = line.substring("release:".length()).strip();
			}
			else if (line.startsWith("web:")) {
				web = line.substring("web:".length()).strip();
			}
		}
		assertThat(release).isNotNull();
		assertThat(web).isNotNull();
		Path jar = Path.of(System.getProperty("sample.jar"));
		Path slugJar = this.workDir.resolve("sample-app/target").resolve(jar.getFileName());
		assertThat(release).as("the Procfile names the jar the build makes")
			.contains(this.workDir.relativize(slugJar).toString());
		Files.createDirectories(slugJar.getParent());
		Files.copy(jar, slugJar);
		String database = "jdbc:h2:file:" + this.workDir.resolve("db/sample") + ";AUTO_SERVER=TRUE";
		Result migration = AppProcess.command(this.workDir, "bash", "-c", release)
			.named("release")
			.env("PATH", javaPath())
			.env("SPRING_DATASOURCE_URL", database)
			.run();
		assertThat(migration.exitCode()).as(migration.toString()).isZero();
		assertThat(migration.lastLine()).contains("4 changesets applied");
		AppProcess server = AppProcess.command(this.workDir, "bash", "-c", "exec " + web)
			.named("web")
			.env("PATH", javaPath())
			.env("PORT", "0")
			.env("SPRING_DATASOURCE_URL", database)
			.start();
		try {
			int port = server.awaitPort(Duration.ofSeconds(60));
			server.awaitCondition("readiness", Duration.ofSeconds(10),
					() -> get(port, "/actuator/health/readiness").statusCode() == 200);
			assertThat(get(port, "/greetings").body()).contains("Hallo von v2");
		}
		finally {
			server.kill();
		}
	}

	private static String[] javaCommand(String... command) {
		List<String> resolved = new ArrayList<>(List.of(command));
		assertThat(resolved.get(0)).isEqualTo("java");
		resolved.set(0, AppProcess.javaBinary());
		return resolved.toArray(String[]::new);
	}

	private static void copyLayer(String copy, Stage extractStage, Path extractDir, Path image) {
		String extractWorkDir = extractStage.last("WORKDIR").orElseThrow();
		String[] fromSourceDestination = copy.split("\\s+");
		assertThat(fromSourceDestination[2]).isEqualTo("./");
		String source = fromSourceDestination[1];
		assertThat(source).startsWith(extractWorkDir + "/");
		Path layer = extractDir.resolve(source.substring(extractWorkDir.length() + 1));
		assertThat(layer).as(copy).isDirectory();
		copyContents(layer, image);
	}

	private static String javaPath() {
		return Path.of(AppProcess.javaBinary()).getParent() + ":" + System.getenv("PATH");
	}

	private static void copyContents(Path source, Path target) {
		try (Stream<Path> files = Files.walk(source)) {
			for (Path file : files.toList()) {
				Path destination = target.resolve(source.relativize(file).toString());
				if (Files.isDirectory(file)) {
					Files.createDirectories(destination);
				}
				else {
					Files.copy(file, destination, StandardCopyOption.REPLACE_EXISTING);
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static HttpResponse<String> get(int port, String path) {
		try {
			return HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
						HttpResponse.BodyHandlers.ofString());
		}
		catch (Exception ex) {
			throw new IllegalStateException("GET " + path + " failed", ex);
		}
	}

}
