package dev.migrationstarter.lock;

import java.time.Duration;

import dev.migrationstarter.testsupport.DatabaseServer;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The session lock against PostgreSQL ({@code pg_try_advisory_lock}).
 *
 * @author migration-starter
 */
class PostgresMigrationLockIntegrationTests extends AbstractSessionMigrationLockIntegrationTests {

	@Override
	protected DatabaseServer server() {
		return DatabaseServer.postgres();
	}

	@Test
	void asksTheServerToNoticeAVanishedClientDuringAStatement() {
		try (HeldMigrationLock held = lock(Duration.ofSeconds(5)).acquire(this.dataSource)) {
			assertThat(new JdbcTemplate(held.dataSource()).queryForObject("SHOW client_connection_check_interval",
					String.class))
				.isEqualTo("5s");
		}
	}

}
