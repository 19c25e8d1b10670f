package dev.migrationstarter.sample.process;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.migrationstarter.testsupport.TestDatabase;

/**
 * A real JVM started from the sample application's jar (or another main class on the test
 * class path), its output captured to a file, standard error either to the same file or,
 * for tests of what goes where, to a file of its own.
 *
 * @author migration-starter
 */
final class AppProcess {

	private static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(3);

	private static final Pattern WEB_SERVER_PORT = Pattern.compile("Tomcat started on port (\\d+)");

	// the tests start some hundred short-lived JVMs on two cores: C1 only and one GC
	// thread
	// start them faster and leave the other core to the process they talk to
	private static final List<String> JVM_OPTIONS = List.of("-Xshare:auto", "-XX:TieredStopAtLevel=1",
			"-XX:+UseSerialGC");

	private final List<String> command;

	private final Map<String, String> environment;

	private final Path output;

	private final Path errorOutput;

	private Process process;

	private long startedAt;

	private AppProcess(List<String> command, Map<String, String> environment, Path output, Path errorOutput) {
		this.command = command;
		this.environment = environment;
		this.output = output;
		this.errorOutput = errorOutput;
	}

	/**
	 * A process of the sample application's jar.
	 * @param workDir the working directory, which also receives the output
	 * @param args the application arguments
	 * @return the process, not yet started
	 */
	static Builder sampleJar(Path workDir, String... args) {
		String jar = System.getProperty("sample.jar");
		if (jar == null || !new File(jar).isFile()) {
			throw new IllegalStateException("sample.jar system property does not name the built jar: " + jar);
		}
		List<String> command = new ArrayList<>(List.of(javaBinary()));
		command.addAll(JVM_OPTIONS);
		command.addAll(List.of("-jar", jar));
		command.addAll(List.of(args));
		return new Builder(command, workDir);
	}

	/**
	 * A process running a main class from the test class path.
	 * @param workDir the working directory, which also receives the output
	 * @param mainClass the main class
	 * @param args the application arguments
	 * @return the process, not yet started
	 */
	static Builder mainClass(Path workDir, Class<?> mainClass, String... args) {
		List<String> command = new ArrayList<>(List.of(javaBinary()));
		command.addAll(JVM_OPTIONS);
		command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass.getName()));
		command.addAll(List.of(args));
		return new Builder(command, workDir);
	}

	/**
	 * A process running any command, such as a line of a deployment recipe.
	 * @param workDir the working directory, which also receives the output
	 * @param command the command and its arguments
	 * @return the process, not yet started
	 */
	static Builder command(Path workDir, String... command) {
		return new Builder(new ArrayList<>(List.of(command)), workDir);
	}

	/**
	 * The status of a GET of a path of an application on loopback.
	 * @param port the application's port
	 * @param path the path
	 * @return the HTTP status
	 */
	static int httpStatus(int port, String path) {
		try {
			return HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
						HttpResponse.BodyHandlers.discarding())
				.statusCode();
		}
		catch (Exception ex) {
			throw new IllegalStateException("GET " + path + " failed", ex);
		}
	}

	/**
	 * The answer of an application's readiness probe, as its status and body, or the
	 * failure to get one.
	 * @param port the application's port
	 * @return the answer, such as {@code 200 {"status":"UP"}}
	 */
	static String readiness(int port) {
		try {
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
					.timeout(Duration.ofSeconds(5))
					.build(), HttpResponse.BodyHandlers.ofString());
			return response.statusCode() + " " + response.body();
		}
		catch (Exception ex) {
			return ex.toString();
		}
	}

	static String javaBinary() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	AppProcess start() {
		ProcessBuilder builder = new ProcessBuilder(this.command).redirectOutput(this.output.toFile())
			.directory(this.output.getParent().toFile());
		if (this.errorOutput != null) {
			builder.redirectError(this.errorOutput.toFile());
		}
		else {
			builder.redirectErrorStream(true);
		}
		builder.environment().keySet().removeIf((key) -> key.startsWith("SPRING_") || key.startsWith("MIGRATION_"));
		builder.environment().putAll(this.environment);
		try {
			this.startedAt = System.nanoTime();
			this.process = builder.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return this;
	}

	/**
	 * Start the process and wait for it to exit.
	 * @return the result
	 */
	Result run() {
		return start().awaitExit();
	}

	Result awaitExit() {
		try {
			if (!this.process.waitFor(DEFAULT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
				this.process.destroyForcibly();
				throw new AssertionError("Process did not exit within " + DEFAULT_TIMEOUT + ":\n" + output());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		return new Result(this.process.exitValue(), read(this.output), read(this.errorOutput),
				Duration.ofNanos(System.nanoTime() - this.startedAt));
	}

	/**
	 * Kill the process with SIGKILL, as a node failure or an OOM killer would.
	 */
	void kill() {
		this.process.destroyForcibly();
		try {
			this.process.waitFor(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Send a signal, such as {@code STOP} to freeze the process as a long pause or a
	 * suspended VM would, and {@code CONT} to resume it.
	 * @param signal the signal's name without {@code SIG}
	 */
	void signal(String signal) {
		try {
			Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(this.process.pid())).inheritIO()
				.start();
			if (!kill.waitFor(30, TimeUnit.SECONDS) || kill.exitValue() != 0) {
				throw new AssertionError("kill -" + signal + " " + this.process.pid() + " failed");
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	/**
	 * What the process wrote so far: standard output, followed by standard error when
	 * that is captured apart.
	 * @return the output
	 */
	String output() {
		return read(this.output) + read(this.errorOutput);
	}

	private static String read(Path file) {
		try {
			return (file != null && Files.exists(file)) ? Files.readString(file) : "";
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Wait for the application's web server and return its port.
	 * @param timeout how long to wait for the web server
	 * @return the port the web server listens on
	 */
	int awaitPort(Duration timeout) {
		awaitCondition("the web server", timeout, () -> WEB_SERVER_PORT.matcher(output()).find());
		Matcher matcher = WEB_SERVER_PORT.matcher(output());
		matcher.find();
		return Integer.parseInt(matcher.group(1));
	}

	/**
	 * Poll until the condition holds or the timeout passes.
	 * @param description what is awaited, for the failure message
	 * @param timeout the timeout
	 * @param condition the condition
	 */
	void awaitCondition(String description, Duration timeout, BooleanSupplier condition) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("Timed out waiting for " + description + ":\n" + output());
			}
			if (!this.process.isAlive()) {
				throw new AssertionError(
						"Process exited (" + this.process.exitValue() + ") before " + description + ":\n" + output());
			}
			try {
				TimeUnit.MILLISECONDS.sleep(100);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
	}

	static final class Builder {

		private final List<String> command;

		private final Path workDir;

		private final Map<String, String> environment = new LinkedHashMap<>();

		private String name = "app";

		private boolean separateStandardError;

		private Builder(List<String> command, Path workDir) {
			this.command = command;
			this.workDir = workDir;
		}

		Builder named(String name) {
			this.name = name;
			return this;
		}

		Builder env(String key, String value) {
			this.environment.put(key, value);
			return this;
		}

		/**
		 * Point the application at a database through environment variables, so that no
		 * credential appears on a command line.
		 * @param database the database
		 * @return this builder
		 */
		Builder database(TestDatabase database) {
			env("SPRING_DATASOURCE_URL", database.jdbcUrl());
			env("SPRING_DATASOURCE_USERNAME", database.username());
			env("SPRING_DATASOURCE_PASSWORD", (database.password() != null) ? database.password() : "");
			return this;
		}

		/**
		 * Capture standard error apart from standard output.
		 * @return this builder
		 */
		Builder separateStandardError() {
			this.separateStandardError = true;
			return this;
		}

		Builder arg(String arg) {
			this.command.add(arg);
			return this;
		}

		AppProcess build() {
			return new AppProcess(this.command, this.environment, this.workDir.resolve(this.name + ".log"),
					this.separateStandardError ? this.workDir.resolve(this.name + ".err.log") : null);
		}

		Result run() {
			return build().run();
		}

		AppProcess start() {
			return build().start();
		}

	}

	/**
	 * How a process ended.
	 *
	 * @param exitCode the exit code
	 * @param standardOutput standard output, with standard error unless captured apart
	 * @param standardError standard error when captured apart, else empty
	 * @param elapsed the time from start to exit
	 */
	record Result(int exitCode, String standardOutput, String standardError, Duration elapsed) {

		/**
		 * Everything the process wrote: standard output, then standard error when
		 * captured apart.
		 * @return the output
		 */
		String output() {
			return this.standardOutput + this.standardError;
		}

		String lastLine() {
			String[] lines = output().strip().split("\\R");
			return lines[lines.length - 1];
		}

		@Override
		public String toString() {
			return "exit " + this.exitCode + " after " + this.elapsed.toMillis() + " ms:\n" + output();
		}

	}

}
