package dev.migrationstarter.testsupport;

import java.util.function.Supplier;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.mariadb.MariaDBContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

import org.springframework.util.function.SingletonSupplier;

/**
 * Finds each database server once per test JVM.
 *
 * @author migration-starter
 */
final class DatabaseServers {

	static final Supplier<Resolution> POSTGRES = SingletonSupplier.of(DatabaseServers::findPostgres);

	static final Supplier<Resolution> MARIADB = SingletonSupplier.of(DatabaseServers::findMariaDb);

	private static final Supplier<Boolean> DOCKER = SingletonSupplier.of(DatabaseServers::dockerAnswers);

	private DatabaseServers() {
	}

	private static Resolution findPostgres() {
		DatabaseServer fromEnvironment = fromEnvironment(DatabaseKind.POSTGRESQL, "MIGRATION_TEST_POSTGRES");
		if (fromEnvironment != null) {
			return new Resolution(fromEnvironment, null);
		}
		if (DOCKER.get()) {
			PostgreSQLContainer container = new PostgreSQLContainer("postgres:15-alpine");
			container.start();
			return new Resolution(new DatabaseServer(DatabaseKind.POSTGRESQL, container.getJdbcUrl(),
					container.getUsername(), container.getPassword(), "Testcontainers"), null);
		}
		try {
			EmbeddedPostgres embedded = EmbeddedPostgres.builder().start();
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				try {
					embedded.close();
				}
				catch (Exception ex) {
					// the JVM is ending; the data directory is temporary
				}
			}));
			return new Resolution(new DatabaseServer(DatabaseKind.POSTGRESQL,
					"jdbc:postgresql://127.0.0.1:" + embedded.getPort() + "/postgres", "postgres", "",
					"embedded PostgreSQL"), null);
		}
		catch (Exception ex) {
			return new Resolution(null, "No PostgreSQL: MIGRATION_TEST_POSTGRES_URL is unset, no Docker engine, "
					+ "and embedded PostgreSQL failed: " + ex.getMessage());
		}
	}

	private static Resolution findMariaDb() {
		DatabaseServer fromEnvironment = fromEnvironment(DatabaseKind.MARIADB, "MIGRATION_TEST_MARIADB");
		if (fromEnvironment != null) {
			return new Resolution(fromEnvironment, null);
		}
		if (DOCKER.get()) {
			MariaDBContainer container = new MariaDBContainer("mariadb:10.11");
			container.withUsername("root").withPassword("");
			container.start();
			return new Resolution(
					new DatabaseServer(DatabaseKind.MARIADB, container.getJdbcUrl(), "root", "", "Testcontainers"),
					null);
		}
		return new Resolution(null,
				"No MariaDB: set MIGRATION_TEST_MARIADB_URL (and _USER, _PASSWORD) or run a Docker engine");
	}

	private static DatabaseServer fromEnvironment(DatabaseKind kind, String prefix) {
		String url = System.getenv(prefix + "_URL");
		if (url == null || url.isBlank()) {
			return null;
		}
		String user = System.getenv().getOrDefault(prefix + "_USER", "");
		String password = System.getenv().getOrDefault(prefix + "_PASSWORD", "");
		return new DatabaseServer(kind, url, user, password, prefix + "_URL");
	}

	private static boolean dockerAnswers() {
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		}
		catch (Throwable ex) {
			return false;
		}
	}

	record Resolution(DatabaseServer server, String reason) {

	}

}
