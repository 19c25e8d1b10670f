package dev.migrationstarter.core;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DurationsTests {

	@Test
	void formatsShortDurationsInTenthsOfASecond() {
		assertThat(Durations.format(Duration.ofMillis(0))).isEqualTo("0.0 s");
		assertThat(Durations.format(Duration.ofMillis(49))).isEqualTo("0.0 s");
		assertThat(Durations.format(Duration.ofMillis(50))).isEqualTo("0.1 s");
		assertThat(Durations.format(Duration.ofMillis(1449))).isEqualTo("1.4 s");
		assertThat(Durations.format(Duration.ofMillis(1450))).isEqualTo("1.5 s");
		assertThat(Durations.format(Duration.ofMillis(9_949))).isEqualTo("9.9 s");
		assertThat(Durations.format(Duration.ofMillis(9_950))).isEqualTo("10.0 s");
	}

	@Test
	void formatsSecondsMinutesAndHoursWithoutIsoNotation() {
		assertThat(Durations.format(Duration.ofSeconds(25))).isEqualTo("25 s");
		assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("1 min 30 s");
		assertThat(Durations.format(Duration.ofMinutes(10))).isEqualTo("10 min");
		assertThat(Durations.format(Duration.ofMinutes(125))).isEqualTo("2 h 5 min");
		assertThat(Durations.format(Duration.ofHours(3))).isEqualTo("3 h");
	}

}
