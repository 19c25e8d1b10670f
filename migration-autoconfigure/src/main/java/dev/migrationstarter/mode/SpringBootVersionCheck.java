package dev.migrationstarter.mode;

import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;

/**
 * Stops an application on a Spring Boot older than this starter supports, with one line
 * naming the required and the found version.
 *
 * <p>
 * It refers only to types that Spring Boot 3 has as well, so that it runs where the rest
 * of the starter cannot even be loaded, and it runs right after logging is initialised,
 * before any other listener of this starter.
 *
 * @author migration-starter
 */
public class SpringBootVersionCheck implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

	static final int REQUIRED_MAJOR_VERSION = 4;

	// LoggingApplicationListener.DEFAULT_ORDER + 1 in every Spring Boot version since 2.0
	private static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 21;

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
		check(SpringBootVersion.getVersion());
	}

	/**
	 * Check a Spring Boot version.
	 * @param version the version, or {@code null} when unknown (classes not from a jar),
	 * which passes
	 * @throws InvalidMigrationInputException if the version is older than required
	 */
	static void check(String version) {
		Integer major = majorVersion(version);
		if (major != null && major < REQUIRED_MAJOR_VERSION) {
			throw new InvalidMigrationInputException(
					"migration-starter requires Spring Boot " + REQUIRED_MAJOR_VERSION + ".0 or later, but found "
							+ version + ".",
					"Upgrade the application to Spring Boot " + REQUIRED_MAJOR_VERSION
							+ ".0 or later, or remove migration-starter.");
		}
	}

	private static Integer majorVersion(String version) {
		if (version == null) {
			return null;
		}
		int end = 0;
		while (end < version.length() && Character.isDigit(version.charAt(end))) {
			end++;
		}
		return (end > 0) ? Integer.valueOf(version.substring(0, end)) : null;
	}

}
