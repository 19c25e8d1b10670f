package dev.migrationstarter.mode;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * Sends the logs of a run-and-exit mode (or of an invalid one) to standard error, and
 * stops the process, before the application context exists, when the mode is invalid or
 * asks for something a mode must never do.
 *
 * <p>
 * It runs right after logging is initialised, so that the failure is reported as one
 * cause and one next step by {@link InvalidMigrationInputFailureAnalyzer}, without the
 * stack trace that the logging configuration before that would print.
 *
 * @author migration-starter
 */
public class MigrationInputValidator implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

	static final String DROP_FIRST_PROPERTY = "spring.liquibase.drop-first";

	@Override
	public int getOrder() {
		return LoggingApplicationListener.DEFAULT_ORDER + 2;
	}

	@Override
	public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
		MigrationModes.sendLogsToStandardError(event.getEnvironment());
		validate(event.getEnvironment());
	}

	static ModeSelection validate(Environment environment) {
		ModeSelection selection = MigrationModes.get(environment);
		if (selection.mode() == MigrationMode.MIGRATE_ONLY && dropsFirst(environment)) {
			// the drop would take the starter's lock table with it while the lock is held
			throw new InvalidMigrationInputException(
					DROP_FIRST_PROPERTY + "=true (from " + ModeParser.describeOrigin(environment, DROP_FIRST_PROPERTY)
							+ ") is refused in --migrate-only: a release phase never drops the schema.",
					"Remove " + DROP_FIRST_PROPERTY + "; to rebuild a development database, drop it by hand "
							+ "or run the application with migration.migrate-on-startup=true.");
		}
		return selection;
	}

	private static boolean dropsFirst(Environment environment) {
		return Binder.get(environment).bind(DROP_FIRST_PROPERTY, Boolean.class).orElse(false);
	}

}
