package dev.migrationstarter.metrics;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LockRetryMeters}.
 *
 * @author migration-starter
 */
class LockRetryMetersTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final LockRetryMeters meters = new LockRetryMeters(this.registry);

	@Test
	void countsRetriesPerBean() {
		this.meters.retried("liquibase", "a.xml::1::me");
		this.meters.retried("liquibase", "a.xml::1::me");
		this.meters.retried("ordersLiquibase", "b.xml::1::me");
		assertThat(this.registry.get(LockRetryMeters.RETRIES).tag("name", "liquibase").counter().count())
			.isEqualTo(2.0);
		assertThat(this.registry.get(LockRetryMeters.RETRIES).tag("name", "ordersLiquibase").counter().count())
			.isEqualTo(1.0);
	}

	@Test
	void timesTheWaitOfEachChangeSetThatHitTheLockTimeout() {
		this.meters.waited("liquibase", "a.xml::1::me", Duration.ofSeconds(7));
		this.meters.waited("liquibase", "a.xml::2::me", Duration.ofSeconds(3));
		assertThat(this.registry.get(LockRetryMeters.WAIT).tag("name", "liquibase").timer().count()).isEqualTo(2);
		assertThat(this.registry.get(LockRetryMeters.WAIT).tag("name", "liquibase").timer().totalTime(TimeUnit.SECONDS))
			.isEqualTo(10.0);
	}

}
