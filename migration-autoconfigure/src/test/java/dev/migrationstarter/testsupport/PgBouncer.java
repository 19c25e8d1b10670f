package dev.migrationstarter.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A PgBouncer process of the test's own, on a free loopback port, in front of one
 * PostgreSQL test database, which it offers once per pool mode (database
 * {@code <name>_session}, {@code <name>_transaction}, {@code <name>_statement}).
 *
 * <p>
 * Without a {@code pgbouncer} binary the test skips with the reason, or fails when
 * {@code MIGRATION_TEST_REQUIRE_DATABASES=true}. PgBouncer refuses to run as root, so a
 * root test JVM starts it as {@code nobody}. Each pool opens at most five server
 * connections, since the test server's connections are shared with other tests.
 *
 * @author migration-starter
 */
public final class PgBouncer implements AutoCloseable {

	private static final Pattern SERVER_URL = Pattern.compile("^jdbc:postgresql://([^/:?]+)(?::(\\d+))?/([^?]+).*$");

	private static final List<String> BINARIES = List.of("/usr/sbin/pgbouncer", "/usr/bin/pgbouncer",
			"/usr/local/bin/pgbouncer");

	private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

	private final TestDatabase database;

	private final String databaseName;

	private final Path directory;

	private final int port;

	private final Process process;

	private PgBouncer(TestDatabase database, String databaseName, Path directory, int port, Process process) {
		this.database = database;
		this.databaseName = databaseName;
		this.directory = directory;
		this.port = port;
		this.process = process;
	}

	/**
	 * Start PgBouncer in front of a PostgreSQL test database.
	 * @param database the database
	 * @return the running PgBouncer; close it after use
	 */
	public static PgBouncer inFrontOf(TestDatabase database) {
		String binary = binary();
		Matcher server = SERVER_URL.matcher(database.jdbcUrl());
		if (!server.matches()) {
			throw new IllegalArgumentException("Not a PostgreSQL URL with host and database: " + database.jdbcUrl());
		}
		try {
			Path directory = Files.createTempDirectory("pgbouncer",
					PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
			int port = freePort();
			String databaseName = server.group(3);
			Files.writeString(directory.resolve("userlist.txt"),
					quoted(database.username()) + " " + quoted(password(database)) + "\n");
			Files.writeString(directory.resolve("pgbouncer.ini"), config(server.group(1),
					(server.group(2) != null) ? server.group(2) : "5432", databaseName, database, directory, port));
			List<String> command = new ArrayList<>(List.of(binary));
			if ("root".equals(System.getProperty("user.name"))) {
				command.addAll(List.of("-u", "nobody"));
			}
			command.add(directory.resolve("pgbouncer.ini").toString());
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(directory.resolve("pgbouncer.log").toFile())
				.start();
			PgBouncer pgBouncer = new PgBouncer(database, databaseName, directory, port, process);
			pgBouncer.awaitListening();
			return pgBouncer;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String binary() {
		String reason = "No PgBouncer: install it (apt-get install pgbouncer); looked on PATH and in " + BINARIES;
		Stream<String> onPath = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
			.map((directory) -> directory + "/pgbouncer");
		String found = Stream.concat(onPath, BINARIES.stream())
			.filter((candidate) -> new File(candidate).canExecute())
			.findFirst()
			.orElse(null);
		if (found != null) {
			return found;
		}
		if (Boolean.parseBoolean(System.getenv("MIGRATION_TEST_REQUIRE_DATABASES"))) {
			Assertions.fail("PgBouncer required but not available: " + reason);
		}
		Assumptions.abort(reason);
		throw new IllegalStateException("unreachable");
	}

	private static String config(String host, String serverPort, String databaseName, TestDatabase database,
			Path directory, int port) {
		StringBuilder config = new StringBuilder("[databases]\n");
		for (PoolMode mode : PoolMode.values()) {
			config.append(databaseName)
				.append('_')
				.append(mode.configValue())
				.append(" = host=")
				.append(host)
				.append(" port=")
				.append(serverPort)
				.append(" dbname=")
				.append(databaseName)
				.append(" user=")
				.append(database.username())
				.append(password(database).isEmpty() ? "" : " password='" + password(database) + "'")
				.append(" pool_mode=")
				.append(mode.configValue())
				.append('\n');
		}
		return config.append("""
				[pgbouncer]
				listen_addr = 127.0.0.1
				listen_port = %d
				unix_socket_dir =
				auth_type = trust
				auth_file = %s
				ignore_startup_parameters = extra_float_digits
				max_client_conn = 100
				default_pool_size = 5
				""".formatted(port, directory.resolve("userlist.txt"))).toString();
	}

	private static String password(TestDatabase database) {
		return (database.password() != null) ? database.password() : "";
	}

	private static String quoted(String value) {
		return "\"" + value.replace("\"", "\"\"") + "\"";
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	private void awaitListening() {
		long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
		while (!accepts()) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("PgBouncer exited (" + this.process.exitValue() + "):\n" + log());
			}
			if (System.nanoTime() > deadline) {
				close();
				throw new IllegalStateException("PgBouncer did not listen within " + START_TIMEOUT + ":\n" + log());
			}
			try {
				TimeUnit.MILLISECONDS.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
	}

	private boolean accepts() {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port), 1000);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * The test database as seen through one of PgBouncer's pools. Its URL sets
	 * {@code prepareThreshold=0}, as applications behind a transaction pool of PgBouncer
	 * before 1.21 must.
	 * @param mode the pool mode
	 * @return the database through that pool
	 */
	public TestDatabase database(PoolMode mode) {
		return new TestDatabase(
				DatabaseKind.POSTGRESQL, "jdbc:postgresql://127.0.0.1:" + this.port + "/" + this.databaseName + "_"
						+ mode.configValue() + "?prepareThreshold=0",
				this.database.username(), this.database.password());
	}

	/**
	 * What PgBouncer logged so far.
	 * @return the log
	 */
	public String log() {
		try {
			Path log = this.directory.resolve("pgbouncer.log");
			return Files.exists(log) ? Files.readString(log) : "";
		}
		catch (IOException ex) {
			return "(log unreadable: " + ex.getMessage() + ")";
		}
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		try (Stream<Path> files = Files.walk(this.directory)) {
			files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
		}
		catch (IOException ex) {
			// a temporary directory; the system clears it
		}
	}

	@Override
	public String toString() {
		return "PgBouncer on 127.0.0.1:" + this.port + " in front of " + this.databaseName;
	}

	/**
	 * PgBouncer's pool modes: when a server session goes back to the pool.
	 */
	public enum PoolMode {

		/**
		 * When the client disconnects.
		 */
		SESSION,

		/**
		 * After each transaction.
		 */
		TRANSACTION,

		/**
		 * After each statement.
		 */
		STATEMENT;

		String configValue() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

}
