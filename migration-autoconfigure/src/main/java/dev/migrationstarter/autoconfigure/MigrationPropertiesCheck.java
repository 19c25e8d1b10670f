package dev.migrationstarter.autoconfigure;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * Binds {@link MigrationProperties} once before the application context exists, so that
 * an invalid setting stops every mode before anything starts, reported as one cause and
 * one next step.
 *
 * @author migration-starter
 */
public class MigrationPropertiesCheck implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

	@Override
	public int getOrder() {
		return LoggingApplicationListener.DEFAULT_ORDER + 3;
	}

	@Override
	public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
		bind(event.getEnvironment());
	}

	static void bind(Environment environment) {
		Binder.get(environment).bind("migration", MigrationProperties.class);
	}

}
