package dev.migrationstarter.flyway;

import java.time.Duration;
import java.util.List;

import dev.migrationstarter.core.PendingChange;
import dev.migrationstarter.lock.DatabaseMigrationLock;
import dev.migrationstarter.lock.HeldMigrationLock;
import dev.migrationstarter.lock.LockSettings;
import dev.migrationstarter.testsupport.DatabaseServer;
import dev.migrationstarter.testsupport.TestDatabase;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link FlywayTarget} against PostgreSQL.
 *
 * @author migration-starter
 */
class PostgresFlywayTargetIntegrationTests extends AbstractFlywayTargetIntegrationTests {

	@Override
	protected DatabaseServer server() {
		return DatabaseServer.postgres();
	}

	@Override
	protected String closedUrl() {
		return server().closedPortUrl();
	}

	@Override
	protected TestDatabase createSelectOnlyLogin() {
		String user = uniqueName("flyway_ro_");
		server().executeAsAdmin("CREATE ROLE " + user + " LOGIN PASSWORD 'secret'");
		onCleanup(() -> server().executeAsAdmin("DROP ROLE IF EXISTS " + user));
		this.database.jdbc().execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
		this.database.jdbc().execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + user);
		return new TestDatabase(this.database.kind(), this.database.jdbcUrl(), user, "secret");
	}

	@Test
	void runsANonTransactionalMigrationOnTheLockSessionEvenWithFlywaysTransactionalLock() throws Exception {
		write("V1__create_a.sql", "CREATE TABLE a (id INT PRIMARY KEY, name TEXT);");
		write("V2__index_a.sql", "CREATE INDEX CONCURRENTLY a_name ON a (name);");
		FlywayTarget target = target(flyway((configuration) -> configuration.getPluginRegister()
			.getExact(PostgreSQLConfigurationExtension.class)
			.setTransactionalLock(true)));
		List<PendingChange> changes = target.pendingChanges();
		assertThat(changes).extracting(PendingChange::runInTransaction).containsExactly(true, false);
		RecordingProgress progress = new RecordingProgress();
		DatabaseMigrationLock lock = new DatabaseMigrationLock(new LockSettings("migration_lock", "flyway-test",
				LockSettings.MINIMUM_LEASE, Duration.ofSeconds(5), Duration.ofMillis(200)));
		try (HeldMigrationLock held = lock.acquire(this.database.dataSource(), () -> true).orElseThrow()) {
			assertThat(held.session()).isPresent();
			target.migrate(run(held.dataSource(), held.session(), progress));
			assertThat(advisoryLocksHeld()).isOne();
		}
		assertThat(progress.events).contains("applied V2__index_a.sql");
		assertThat(this.database.jdbc()
			.queryForObject("SELECT count(*) FROM pg_indexes WHERE indexname = 'a_name'", Integer.class)).isOne();
		assertThat(advisoryLocksHeld()).isZero();
	}

	private int advisoryLocksHeld() {
		return this.database.jdbc()
			.queryForObject("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND database = "
					+ "(SELECT oid FROM pg_database WHERE datname = current_database())", Integer.class);
	}

}
