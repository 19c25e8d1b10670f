package dev.migrationstarter.guard.locks;

import java.time.Duration;

import dev.migrationstarter.jdbc.DatabaseDialect;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SessionTimeouts}.
 *
 * @author migration-starter
 */
class SessionTimeoutsTests {

	@Test
	void postgresGetsTheLockTimeoutInMillisecondsAndNoStatementTimeoutByDefault() {
		assertThat(SessionTimeouts.statements(DatabaseDialect.POSTGRESQL, false, settings(1500, 0)))
			.containsExactly("SET lock_timeout = '1500ms'");
	}

	@Test
	void postgresGetsAStatementTimeoutWhenOneIsSet() {
		assertThat(SessionTimeouts.statements(DatabaseDialect.POSTGRESQL, false, settings(5000, 3_600_000)))
			.containsExactly("SET lock_timeout = '5000ms'", "SET statement_timeout = '3600000ms'");
	}

	@Test
	void mariaDbGetsBothLockWaitsInWholeSecondsRoundedUp() {
		assertThat(SessionTimeouts.statements(DatabaseDialect.MARIADB, true, settings(1500, 2500))).containsExactly(
				"SET SESSION lock_wait_timeout = 2", "SET SESSION innodb_lock_wait_timeout = 2",
				"SET SESSION max_statement_time = 2.500");
	}

	@Test
	void mySqlGetsNoStatementTimeout() {
		assertThat(SessionTimeouts.statements(DatabaseDialect.MARIADB, false, settings(5000, 2500)))
			.containsExactly("SET SESSION lock_wait_timeout = 5", "SET SESSION innodb_lock_wait_timeout = 5");
	}

	@Test
	void zeroSetsNothing() {
		assertThat(SessionTimeouts.statements(DatabaseDialect.POSTGRESQL, false, settings(0, 0))).isEmpty();
		assertThat(SessionTimeouts.statements(DatabaseDialect.MARIADB, true, settings(0, 0))).isEmpty();
	}

	@Test
	void aSubSecondTimeoutIsOneSecondOnMariaDb() {
		assertThat(SessionTimeouts.wholeSeconds(Duration.ofMillis(200))).isOne();
		assertThat(SessionTimeouts.wholeSeconds(Duration.ofSeconds(5))).isEqualTo(5);
	}

	private static LockTimeoutSettings settings(long lockTimeoutMillis, long statementTimeoutMillis) {
		return new LockTimeoutSettings(Duration.ofMillis(lockTimeoutMillis), Duration.ofMillis(statementTimeoutMillis),
				Duration.ofMinutes(2));
	}

}
