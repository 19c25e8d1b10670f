package dev.migrationstarter.liquibase.status;

import java.util.Collection;

import liquibase.integration.spring.SpringLiquibase;

import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.StringUtils;

/**
 * Finds the main changelog of the application (the one
 * {@code spring.liquibase.change-log} names, or the one at Spring Boot's default
 * location) when no {@link SpringLiquibase} bean migrates it.
 *
 * @author migration-starter
 */
public final class UnmigratedChangelog {

	static final String DEFAULT_LOCATION = "classpath:db/changelog/db.changelog-master.yaml";

	private static final String PROPERTY = "spring.liquibase.change-log";

	private UnmigratedChangelog() {
	}

	/**
	 * The main changelog and where it comes from, or {@code null} when the application
	 * has none.
	 * @param environment the environment
	 * @param resourceLoader loads the default location
	 * @return a description such as {@code classpath:a.xml (spring.liquibase.change-log)}
	 */
	public static String mainChangelog(Environment environment, ResourceLoader resourceLoader) {
		String configured = environment.getProperty(PROPERTY);
		if (StringUtils.hasText(configured)) {
			return configured + " (" + PROPERTY + ")";
		}
		return resourceLoader.getResource(DEFAULT_LOCATION).exists()
				? DEFAULT_LOCATION + " (Spring Boot's default location)" : null;
	}

	/**
	 * The main changelog when none of the beans migrates it.
	 * @param environment the environment
	 * @param resourceLoader loads the default location
	 * @param beans the beans of the application
	 * @return a description of the changelog, or {@code null} when a bean migrates it or
	 * the application has none
	 */
	public static String findIn(Environment environment, ResourceLoader resourceLoader,
			Collection<SpringLiquibase> beans) {
		String configured = environment.getProperty(PROPERTY);
		String location = StringUtils.hasText(configured) ? configured : DEFAULT_LOCATION;
		if (beans.stream().anyMatch((bean) -> sameLocation(bean.getChangeLog(), location))) {
			return null;
		}
		return mainChangelog(environment, resourceLoader);
	}

	private static boolean sameLocation(String changeLog, String location) {
		return changeLog != null && normalized(changeLog).equals(normalized(location));
	}

	private static String normalized(String location) {
		String path = location.strip();
		for (String prefix : new String[] { "classpath*:", "classpath:" }) {
			if (path.startsWith(prefix)) {
				path = path.substring(prefix.length());
			}
		}
		while (path.startsWith("/")) {
			path = path.substring(1);
		}
		return path;
	}

}
