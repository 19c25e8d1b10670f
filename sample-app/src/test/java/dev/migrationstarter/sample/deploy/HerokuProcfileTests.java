package dev.migrationstarter.sample.deploy;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The process types of {@code deploy/heroku/Procfile}. {@code DeploymentRecipesProcessIT}
 * runs them.
 *
 * @author migration-starter
 */
class HerokuProcfileTests {

	static Map<String, String> processTypes() {
		Map<String, String> types = new LinkedHashMap<>();
		for (String line : Manifests.read(Manifests.DEPLOY.resolve("heroku/Procfile")).split("\\R")) {
			if (!line.isBlank()) {
				String[] typeAndCommand = line.split(":", 2);
				assertThat(types.put(typeAndCommand[0], typeAndCommand[1].strip())).as("duplicate " + line).isNull();
			}
		}
		return types;
	}

	@Test
	void releasePhaseMigratesAndTheWebProcessServesTheSameJar() {
		Map<String, String> types = processTypes();
		assertThat(types).containsOnlyKeys("release", "web");
		String jar = "-jar sample-app/target/sample-app-0.1.0-SNAPSHOT.jar";
		assertThat(types.get("release")).startsWith("java ").contains(jar).endsWith(" --migrate-only");
		assertThat(types.get("web")).startsWith("java ")
			.contains(jar)
			.contains("--server.port=$PORT")
			.doesNotContain("--migrate-only");
	}

}
