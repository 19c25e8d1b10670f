package dev.migrationstarter.sample.process;

import java.io.IOException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.migrationstarter.sample.process.AppProcess.Result;
import dev.migrationstarter.testsupport.DatabaseServer;
import dev.migrationstarter.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lock timeouts of the zero-downtime guard for Flyway migrations as real processes
 * against PostgreSQL, where Flyway rolls a blocked migration back with its history row,
 * so it runs again.
 *
 * @author migration-starter
 */
class PostgresFlywayLockTimeoutProcessIT extends AbstractFlywayLockTimeoutProcessIT {

	private static final Pattern RETRY = Pattern.compile("hit the lock timeout \\([^)]*, attempt \\d+\\)");

	@Override
	protected TestDatabase createDatabase() {
		return DatabaseServer.postgres().createDatabase();
	}

	@Override
	protected String sessionIdQuery() {
		return "select pg_backend_pid()";
	}

	@Override
	protected String blockerName(String sessionId) {
		return "pid " + sessionId;
	}

	@Test
	void theMigrationRetriesUntilTheTransactionEndsAndIsAppliedOnce() throws IOException {
		writeReleaseTwo();
		try (LongTransaction transaction = blockingTransaction()) {
			AppProcess migration = flyway("guarded").start();
			migration.awaitCondition("two retries", Duration.ofMinutes(2), () -> retries(migration.output()) >= 2);
			transaction.end();
			Result result = migration.awaitExit();
			assertThat(result.exitCode()).as(result.toString()).isZero();
			assertThat(result.output())
				.contains("Migration V2__add_note.sql hit the lock timeout (5.0 s, attempt 1); blocked by pid "
						+ transaction.sessionId())
				.contains("nothing of it was applied, so it runs again in ");
		}
		assertThat(columns()).contains("note");
		assertThat(appliedVersions()).containsExactly("1", "2");
	}

	@Test
	void whenTheRetryBudgetIsSpentNothingOfTheMigrationIsAppliedAndTheNextRunAppliesItOnce() throws IOException {
		writeReleaseTwo();
		try (LongTransaction transaction = blockingTransaction()) {
			Result result = flyway("budget-spent").arg("--migration.guard.lock-timeout=1s")
				.arg("--migration.guard.lock-retry-budget=4s")
				.run();
			assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
			assertThat(result.lastLine())
				.contains("Migration failed (exit code 1): Migration V2__add_note.sql hit the lock timeout (1.0 s)")
				.contains("migration.guard.lock-retry-budget=4.0 s allows no further attempt")
				.contains("blocked by pid " + transaction.sessionId())
				.contains("nothing of it was applied")
				.contains("Next: end the blocking transaction named above");
			assertThat(result.output())
				.contains("A transaction older than migration.guard.lock-timeout (1.0 s) is open: pid "
						+ transaction.sessionId());
		}
		assertThat(columns()).doesNotContain("note");
		assertThat(appliedVersions()).containsExactly("1");
		assertThat(this.database.jdbc()
			.queryForObject("select count(*) from flyway_schema_history where version = '2'", Integer.class)).isZero();
		Result next = flyway("after-the-blocker").run();
		assertThat(next.exitCode()).as(next.toString()).isZero();
		assertThat(next.output()).doesNotContain("hit the lock timeout");
		assertThat(columns()).contains("note");
		assertThat(appliedVersions()).containsExactly("1", "2");
	}

	private static int retries(String output) {
		Matcher matcher = RETRY.matcher(output);
		int count = 0;
		while (matcher.find()) {
			count++;
		}
		return count;
	}

}
