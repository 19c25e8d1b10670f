package dev.migrationstarter.guard.locks;

import java.time.Duration;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Backoff}.
 *
 * @author migration-starter
 */
class BackoffTests {

	@ParameterizedTest
	@CsvSource({ "1, 500", "2, 1000", "3, 2000", "4, 4000", "5, 8000", "6, 16000", "7, 30000", "8, 30000",
			"40, 30000" })
	void stepsDoubleFromHalfASecondUpToThirtySeconds(int retry, long stepMillis) {
		assertThat(Backoff.step(retry)).isEqualTo(Duration.ofMillis(stepMillis));
	}

	@ParameterizedTest
	@CsvSource({ "1", "3", "7", "12" })
	void eachPauseLiesBetweenHalfAndAllOfItsStep(int retry) {
		Random random = new Random(retry);
		Backoff backoff = new Backoff(random::nextDouble);
		Duration step = Backoff.step(retry);
		for (int i = 0; i < 1000; i++) {
			assertThat(backoff.delay(retry)).isBetween(step.dividedBy(2), step);
		}
	}

	@Test
	void theExtremesOfTheRandomValueGiveTheBoundsOfThePause() {
		assertThat(new Backoff(() -> 0.0).delay(3)).isEqualTo(Duration.ofSeconds(1));
		assertThat(new Backoff(() -> 0.999_999).delay(3)).isLessThanOrEqualTo(Duration.ofSeconds(2))
			.isGreaterThan(Duration.ofMillis(1990));
	}

	@Test
	void pausesSpreadOverTheirRange() {
		Random random = new Random(42);
		Backoff backoff = new Backoff(random::nextDouble);
		long belowMiddle = 0;
		for (int i = 0; i < 1000; i++) {
			if (backoff.delay(4).compareTo(Duration.ofMillis(3000)) < 0) {
				belowMiddle++;
			}
		}
		assertThat(belowMiddle).isBetween(400L, 600L);
	}

}
