package dev.migrationstarter.sample.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The instructions of {@code deploy/Dockerfile}, by build stage, for tests that check it
 * or play its steps without a Docker engine.
 *
 * @param stages the build stages in order
 * @author migration-starter
 */
public record Dockerfile(List<Stage> stages) {

	/**
	 * The sample's Dockerfile.
	 */
	public static final Path PATH = Manifests.DEPLOY.resolve("Dockerfile");

	/**
	 * Read a Dockerfile.
	 * @param path the file
	 * @return its stages
	 */
	public static Dockerfile read(Path path) {
		String text = Manifests.read(path).replaceAll("\\\\\\R", " ");
		List<Stage> stages = new ArrayList<>();
		for (String line : text.split("\\R")) {
			String trimmed = line.strip();
			if (trimmed.isEmpty() || trimmed.startsWith("#")) {
				continue;
			}
			String[] keywordAndArguments = trimmed.split("\\s+", 2);
			Instruction instruction = new Instruction(keywordAndArguments[0].toUpperCase(Locale.ROOT),
					(keywordAndArguments.length > 1) ? keywordAndArguments[1] : "");
			if (instruction.keyword().equals("FROM")) {
				stages.add(new Stage(new ArrayList<>()));
			}
			if (stages.isEmpty()) {
				continue;
			}
			stages.get(stages.size() - 1).instructions().add(instruction);
		}
		return new Dockerfile(stages);
	}

	public Stage finalStage() {
		return this.stages.get(this.stages.size() - 1);
	}

	/**
	 * A build stage.
	 *
	 * @param instructions its instructions, {@code FROM} first
	 */
	public record Stage(List<Instruction> instructions) {

		public List<String> arguments(String keyword) {
			return this.instructions.stream()
				.filter((instruction) -> instruction.keyword().equals(keyword))
				.map(Instruction::arguments)
				.toList();
		}

		public Optional<String> last(String keyword) {
			List<String> arguments = arguments(keyword);
			return arguments.isEmpty() ? Optional.empty() : Optional.of(arguments.get(arguments.size() - 1));
		}

		/**
		 * The stage's name from {@code FROM image AS name}.
		 * @return the name, or empty
		 */
		public String name() {
			String[] from = this.instructions.get(0).arguments().split("\\s+");
			return (from.length == 3 && from[1].equalsIgnoreCase("AS")) ? from[2] : "";
		}

	}

	/**
	 * One instruction.
	 *
	 * @param keyword the keyword, upper case
	 * @param arguments the rest of the line
	 */
	public record Instruction(String keyword, String arguments) {

		/**
		 * The arguments of an exec-form instruction ({@code ["java", "-jar", "x"]}).
		 * @return the arguments
		 */
		public List<String> execForm() {
			String json = this.arguments.strip();
			if (!json.startsWith("[") || !json.endsWith("]")) {
				throw new IllegalStateException(this.keyword + " is not in exec form: " + json);
			}
			return Arrays.stream(json.substring(1, json.length() - 1).split(","))
				.map(String::strip)
				.map((argument) -> argument.substring(1, argument.length() - 1))
				.toList();
		}

	}

}
