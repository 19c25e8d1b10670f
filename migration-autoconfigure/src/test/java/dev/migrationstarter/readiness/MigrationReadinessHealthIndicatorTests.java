package dev.migrationstarter.readiness;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import dev.migrationstarter.jdbc.Redaction;
import dev.migrationstarter.liquibase.LiquibasePreinitialization;
import dev.migrationstarter.liquibase.LiquibaseTarget;
import dev.migrationstarter.liquibase.status.ChangelogStatusReader;
import dev.migrationstarter.testsupport.DatabaseServer;
import dev.migrationstarter.testsupport.TestDatabase;
import liquibase.integration.spring.SpringLiquibase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.jdbc.datasource.DelegatingDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MigrationReadinessHealthIndicator} and {@link MigrationStatusMonitor}
 * on a real H2 database.
 *
 * @author migration-starter
 */
class MigrationReadinessHealthIndicatorTests {

	private static final String CHANGELOG = "classpath:db/changelog/autoconfigure-test-changelog.xml";

	private final TestDatabase database = DatabaseServer.h2().createDatabase();

	private final CountingDataSource countingDataSource = new CountingDataSource(this.database);

	private MigrationStatusMonitor monitor;

	@AfterEach
	void stopMonitor() {
		this.countingDataSource.released.countDown();
		if (this.monitor != null) {
			this.monitor.destroy();
		}
	}

	@Test
	void isOutOfServiceWithThePendingChangeSetsWhileBehind() {
		Health health = indicator(Duration.ofSeconds(1), false).health();
		assertThat(health.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
		assertThat(health.getDetails()).containsEntry("pending", 1)
			.containsEntry("applied", 0)
			.containsEntry("unknown", 0)
			.containsKey("checkedAt");
		assertThat(health.getDetails().get("firstPending").toString()).contains("::1::test");
	}

	@Test
	void isUpOnceMigrated() throws Exception {
		migrate();
		assertThat(indicator(Duration.ofSeconds(1), false).health().getStatus()).isEqualTo(Status.UP);
	}

	@Test
	void answersAnUnchangedStatusWithTheSameHealthAndANewStatusWithANewOne() throws Exception {
		migrate();
		MigrationReadinessHealthIndicator indicator = indicator(new ReadinessSettings(Duration.ofMillis(50),
				Duration.ofMillis(50), Duration.ofSeconds(10), Duration.ofSeconds(10), false));
		Health first = indicator.health();
		assertThat(first.getStatus()).isEqualTo(Status.UP);
		assertThat(indicator.health()).as("until the next read").isSameAs(first);
		this.countingDataSource.fail = true;
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (indicator.health().getStatus() != Status.DOWN && System.nanoTime() < deadline) {
			Thread.onSpinWait();
		}
		assertThat(indicator.health()).isNotSameAs(first).extracting(Health::getStatus).isEqualTo(Status.DOWN);
	}

	@Test
	void isDownWithTheCauseWhenTheDatabaseCannotBeRead() {
		this.countingDataSource.fail = true;
		Health health = indicator(Duration.ofSeconds(1), false).health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails().get("error").toString()).contains("database unavailable for the test");
		this.countingDataSource.fail = false;
	}

	@Test
	void recoversFromDownByItselfOnceTheDatabaseCanBeReadAgain() throws Exception {
		migrate();
		this.countingDataSource.fail = true;
		MigrationReadinessHealthIndicator indicator = indicator(Duration.ofMillis(200), false);
		assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
		this.countingDataSource.fail = false;
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		Status status = indicator.health().getStatus();
		while (status != Status.UP && System.nanoTime() < deadline) {
			Thread.onSpinWait();
			status = indicator.health().getStatus();
		}
		assertThat(status).isEqualTo(Status.UP);
	}

	@Test
	void turnsDownNamingTheDatabaseWhenAReadGoesUnansweredForTheReadTimeoutWhileProbesAnswerAtOnce() throws Exception {
		migrate();
		Duration readTimeout = Duration.ofMillis(500);
		MigrationReadinessHealthIndicator indicator = indicator(new ReadinessSettings(Duration.ofMillis(50),
				Duration.ofMillis(50), Duration.ofSeconds(10), readTimeout, false));
		assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
		this.countingDataSource.hang = true;
		long outage = System.nanoTime();
		long deadline = outage + Duration.ofSeconds(10).toNanos();
		Duration slowestProbe = Duration.ZERO;
		Health health = indicator.health();
		while (health.getStatus() != Status.DOWN && System.nanoTime() < deadline) {
			long probe = System.nanoTime();
			health = indicator.health();
			Duration took = Duration.ofNanos(System.nanoTime() - probe);
			slowestProbe = (took.compareTo(slowestProbe) > 0) ? took : slowestProbe;
		}
		Duration untilDown = Duration.ofNanos(System.nanoTime() - outage);
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(untilDown).isGreaterThanOrEqualTo(readTimeout).isLessThan(readTimeout.plusSeconds(1));
		assertThat(slowestProbe).isLessThan(Duration.ofMillis(100));
		assertThat(health.getDetails().get("error").toString())
			.startsWith("No answer from " + Redaction.target(this.database.jdbcUrl()) + " within 500 ms")
			.contains("migration.readiness.read-timeout");
	}

	@Test
	void sendsAtMostOneQueryPerRefreshIntervalWhateverTheProbeRateWhileBehind() {
		Duration refreshInterval = Duration.ofSeconds(1);
		MigrationReadinessHealthIndicator indicator = indicator(refreshInterval, false);
		Duration probing = Duration.ofSeconds(10);
		int probes = 0;
		long started = System.nanoTime();
		long end = started + probing.toNanos();
		while (System.nanoTime() < end) {
			long due = started + probes * 5_000_000L;
			if (System.nanoTime() >= due) {
				assertThat(indicator.health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
				probes++;
			}
			else {
				Thread.onSpinWait();
			}
		}
		assertThat(probes).isGreaterThanOrEqualTo(1900);
		long allowedReads = probing.dividedBy(refreshInterval) + 1;
		assertThat(this.countingDataSource.connections.get()).isBetween(2, (int) allowedReads);
	}

	private MigrationReadinessHealthIndicator indicator(Duration refreshInterval, boolean failWhenAhead) {
		return indicator(new ReadinessSettings(refreshInterval, Duration.ofMinutes(5), Duration.ofSeconds(10),
				Duration.ofSeconds(10), failWhenAhead));
	}

	private MigrationReadinessHealthIndicator indicator(ReadinessSettings settings) {
		SpringLiquibase liquibase = new SpringLiquibase();
		liquibase.setChangeLog(CHANGELOG);
		this.monitor = new MigrationStatusMonitor(new LiquibaseTarget("liquibase", liquibase,
				new ChangelogStatusReader(liquibase, new DefaultResourceLoader(), this.countingDataSource,
						Clock.systemUTC()),
				null, LiquibasePreinitialization.none()), settings);
		this.monitor.start();
		return new MigrationReadinessHealthIndicator(this.monitor, settings.failWhenAhead());
	}

	private void migrate() throws Exception {
		SpringLiquibase liquibase = new SpringLiquibase();
		liquibase.setDataSource(this.database.dataSource());
		liquibase.setChangeLog(CHANGELOG);
		liquibase.setResourceLoader(new DefaultResourceLoader());
		liquibase.setAnalyticsEnabled(false);
		liquibase.afterPropertiesSet();
	}

	static final class CountingDataSource extends DelegatingDataSource {

		final AtomicInteger connections = new AtomicInteger();

		volatile boolean fail;

		volatile boolean hang;

		final CountDownLatch released = new CountDownLatch(1);

		CountingDataSource(TestDatabase database) {
			super(database.dataSource());
		}

		@Override
		public Connection getConnection() throws SQLException {
			if (this.fail) {
				throw new SQLException("database unavailable for the test", "08001");
			}
			if (this.hang) {
				// as a pool waits for a connection to a database that stopped answering
				try {
					this.released.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				throw new SQLException("connection is not available, request timed out", "08001");
			}
			this.connections.incrementAndGet();
			return super.getConnection();
		}

	}

}
