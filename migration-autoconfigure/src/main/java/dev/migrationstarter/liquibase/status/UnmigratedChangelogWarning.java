package dev.migrationstarter.liquibase.status;

import liquibase.integration.spring.SpringLiquibase;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Warns, once the application has started (or before {@code --migrate-only} migrates),
 * that its main changelog is migrated by no {@link SpringLiquibase} bean, as happens when
 * the application declares a bean of its own and Spring Boot's backs off.
 *
 * @author migration-starter
 */
public class UnmigratedChangelogWarning implements ApplicationListener<ApplicationStartedEvent> {

	private static final Log logger = LogFactory.getLog(UnmigratedChangelogWarning.class);

	@Override
	public void onApplicationEvent(ApplicationStartedEvent event) {
		warnIfUnmigrated(event.getApplicationContext());
	}

	/**
	 * Log the warning when the main changelog of the application is migrated by no bean;
	 * for a run-and-exit process, which ends before the application has started.
	 * @param context the application context
	 */
	public static void warnIfUnmigrated(ConfigurableApplicationContext context) {
		String changelog = UnmigratedChangelog.findIn(context.getEnvironment(), context,
				context.getBeansOfType(SpringLiquibase.class).values());
		if (changelog != null) {
			logger.warn("Changelog " + changelog + " is migrated by no Liquibase bean (Spring Boot's own backs off "
					+ "when the application declares one, or spring.liquibase.enabled=false). Next: migrate it from "
					+ "a bean of the application, or remove it.");
		}
	}

}
