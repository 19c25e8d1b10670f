package dev.migrationstarter.core;

import java.time.Duration;

/**
 * Formats durations the one way every line of migration-starter prints them:
 * {@code 0.4 s}, {@code 25 s}, {@code 1 min 30 s}, {@code 2 h 5 min}.
 *
 * @author migration-starter
 */
public final class Durations {

	private Durations() {
	}

	/**
	 * Format a duration for a log line.
	 * @param duration the duration
	 * @return the text
	 */
	public static String format(Duration duration) {
		long millis = duration.toMillis();
		if (millis < 10_000) {
			// tenths rounded half up, as "%.1f" prints them; concatenated rather than
			// formatted, since a large migration prints one per change
			long tenths = (millis + 50) / 100;
			return (tenths / 10) + "." + (tenths % 10) + " s";
		}
		long seconds = duration.toSeconds();
		if (seconds < 60) {
			return seconds + " s";
		}
		if (seconds < 3600) {
			return (seconds % 60 == 0) ? (seconds / 60) + " min" : (seconds / 60) + " min " + (seconds % 60) + " s";
		}
		long minutes = duration.toMinutes();
		return (minutes % 60 == 0) ? (minutes / 60) + " h" : (minutes / 60) + " h " + (minutes % 60) + " min";
	}

}
