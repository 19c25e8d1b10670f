package dev.migrationstarter.liquibase;

import java.util.Map;

import dev.migrationstarter.liquibase.status.PreparsedChangelogs;
import dev.migrationstarter.mode.MigrationMode;
import dev.migrationstarter.mode.MigrationModes;
import dev.migrationstarter.mode.ModeSelection;
import liquibase.Scope;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.SmartApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.util.ClassUtils;

/**
 * Initialises Liquibase on a background thread while Spring Boot prepares the context, as
 * Spring Boot's own {@code BackgroundPreinitializer} does for its expensive singletons.
 *
 * <p>
 * Liquibase's first use loads and instantiates every extension it finds (its root
 * {@link Scope}, configuration, database, change, SQL and snapshot factories) and its XML
 * parser. Done on the main thread that costs a normal start the time it takes to create
 * the kept {@code SpringLiquibase} bean, and a {@code --migrate-only} process the same
 * again before the first statement. Here it overlaps with the rest of start-up on another
 * core. The running work, a {@link LiquibasePreinitialization}, is registered in the
 * application context when it is prepared; the main thread waits for it there before it
 * touches Liquibase itself, so that no two threads initialise the same part of Liquibase
 * at once. It also parses the changelog for the first status read
 * ({@link PreparsedChangelogs}) when one will parse: a status mode, or the readiness
 * check and the up-to-date check of {@code --migrate-only} without the changelog index (a
 * dry run only loads the parser). After the parse, a {@code --migrate-only} that will
 * update also initialises the SQL, snapshot, lock and history services that an update
 * uses.
 *
 * <p>
 * Off with {@code migration.preinitialize=false}, with
 * {@code spring.liquibase.enabled=false} and on a single core.
 *
 * @author migration-starter
 */
public class LiquibasePreinitializer implements SmartApplicationListener {

	/**
	 * The property that switches pre-initialisation off.
	 */
	public static final String ENABLED_PROPERTY = "migration.preinitialize";

	private static final String LIQUIBASE_CLASS = "liquibase.integration.spring.SpringLiquibase";

	private LiquibasePreinitialization started;

	@Override
	public int getOrder() {
		return LoggingApplicationListener.DEFAULT_ORDER + 1;
	}

	@Override
	public boolean supportsEventType(Class<? extends ApplicationEvent> eventType) {
		return ApplicationEnvironmentPreparedEvent.class.isAssignableFrom(eventType)
				|| ApplicationPreparedEvent.class.isAssignableFrom(eventType);
	}

	@Override
	public void onApplicationEvent(ApplicationEvent event) {
		if (event instanceof ApplicationEnvironmentPreparedEvent prepared) {
			start(prepared.getEnvironment(), prepared.getSpringApplication().getClassLoader());
		}
		else if (event instanceof ApplicationPreparedEvent prepared && this.started != null) {
			ConfigurableListableBeanFactory beanFactory = prepared.getApplicationContext().getBeanFactory();
			if (!beanFactory.containsSingleton(LiquibasePreinitialization.BEAN_NAME)) {
				beanFactory.registerSingleton(LiquibasePreinitialization.BEAN_NAME, this.started);
			}
		}
	}

	private void start(ConfigurableEnvironment environment, ClassLoader classLoader) {
		if (this.started != null || !shouldPreinitialize(environment, classLoader)) {
			return;
		}
		String changeLog = environment.getProperty("spring.liquibase.change-log",
				"classpath:/db/changelog/db.changelog-master.yaml");
		Map<String, String> parameters = Binder.get(environment)
			.bind("spring.liquibase.parameters", Bindable.mapOf(String.class, String.class))
			.orElse(Map.of());
		String url = environment.getProperty("spring.liquibase.url", environment.getProperty("spring.datasource.url"));
		ModeSelection selection = MigrationModes.peek(environment).orElse(ModeSelection.NORMAL);
		boolean updates = selection.mode() == MigrationMode.MIGRATE_ONLY && !answeredByIndex(selection, environment);
		PreparsedChangelogs.Key statusParse = (url != null && readsStatus(selection, environment))
				? new PreparsedChangelogs.Key(changeLog, parameters) : null;
		this.started = LiquibasePreinitialization
			.start(new LiquibasePreinitialization.Work(changeLog, parameters, url, statusParse, updates), classLoader);
	}

	static boolean shouldPreinitialize(ConfigurableEnvironment environment, ClassLoader classLoader) {
		return ClassUtils.isPresent(LIQUIBASE_CLASS, classLoader)
				&& environment.getProperty(ENABLED_PROPERTY, Boolean.class, true)
				&& environment.getProperty("spring.liquibase.enabled", Boolean.class, true)
				&& Runtime.getRuntime().availableProcessors() > 1;
	}

	// the readiness check, the status modes and a migration's up-to-date check read the
	// status; a dry run or an update parses itself. With the changelog index, the
	// readiness check and the up-to-date check usually find the changelog there and do
	// not parse at all, so a parse ahead would only take the CPU from the start-up; the
	// status modes mostly run before the migration job has indexed a new release
	private static boolean readsStatus(ModeSelection selection, ConfigurableEnvironment environment) {
		MigrationMode mode = selection.mode();
		if (indexEnabled(environment)) {
			return mode == MigrationMode.MIGRATION_STATUS || mode == MigrationMode.AWAIT_SCHEMA;
		}
		return switch (mode) {
			case NORMAL -> environment.getProperty("migration.readiness.enabled", Boolean.class, true);
			case MIGRATE_ONLY -> upToDateCheck(selection, environment);
			default -> true;
		};
	}

	// a migration whose up-to-date check finds the changelog in the index needs neither
	// the parse nor the services of an update; one that misses it loses only the overlap
	private static boolean answeredByIndex(ModeSelection selection, ConfigurableEnvironment environment) {
		return indexEnabled(environment) && upToDateCheck(selection, environment);
	}

	private static boolean upToDateCheck(ModeSelection selection, ConfigurableEnvironment environment) {
		return !selection.dryRun() && environment.getProperty("migration.skip-when-up-to-date", Boolean.class, true);
	}

	private static boolean indexEnabled(ConfigurableEnvironment environment) {
		return environment.getProperty("migration.changelog-index.enabled", Boolean.class, true);
	}

}
