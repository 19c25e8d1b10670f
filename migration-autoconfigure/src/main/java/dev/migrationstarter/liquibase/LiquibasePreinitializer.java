package dev.migrationstarter.liquibase;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.migrationstarter.liquibase.status.PreparsedChangelogs.Preparsed;
import dev.migrationstarter.liquibase.status.PreparsedChangelogs;
import dev.migrationstarter.mode.MigrationMode;
import dev.migrationstarter.mode.MigrationModes;
import dev.migrationstarter.mode.ModeSelection;
import liquibase.Scope;
import liquibase.change.ChangeFactory;
import liquibase.changelog.ChangeLogHistoryServiceFactory;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.executor.ExecutorService;
import liquibase.integration.commandline.LiquibaseCommandLineConfiguration;
import liquibase.lockservice.LockServiceFactory;
import liquibase.snapshot.SnapshotGeneratorFactory;
import liquibase.sqlgenerator.SqlGeneratorFactory;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.io.DefaultResourceLoader;
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
 * core. The main thread waits for it before it touches Liquibase itself
 * ({@link #awaitInitialisation(Duration)}, {@link #awaitCompletion(Duration)}), so that
 * no two threads initialise the same part of Liquibase at once. It also parses the
 * changelog for the first status read ({@link PreparsedChangelogs}) when one will parse:
 * a status mode, or the readiness check and the up-to-date check of
 * {@code --migrate-only} without the changelog index (a dry run only loads the parser).
 * After the parse, a {@code --migrate-only} that will update also initialises the SQL,
 * snapshot, lock and history services that an update uses.
 *
 * <p>
 * Off with {@code migration.preinitialize=false}, with
 * {@code spring.liquibase.enabled=false} and on a single core.
 *
 * @author migration-starter
 */
public class LiquibasePreinitializer implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

	/**
	 * The property that switches pre-initialisation off.
	 */
	public static final String ENABLED_PROPERTY = "migration.preinitialize";

	private static final Log logger = LogFactory.getLog(LiquibasePreinitializer.class);

	private static final String LIQUIBASE_CLASS = "liquibase.integration.spring.SpringLiquibase";

	private static volatile CountDownLatch initialising;

	private static volatile CountDownLatch finishing;

	@Override
	public int getOrder() {
		return LoggingApplicationListener.DEFAULT_ORDER + 1;
	}

	@Override
	public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
		ConfigurableEnvironment environment = event.getEnvironment();
		ClassLoader classLoader = event.getSpringApplication().getClassLoader();
		if (initialising != null || !shouldPreinitialize(environment, classLoader)) {
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
		CompletableFuture<Preparsed> statusParse = (url != null && readsStatus(selection, environment))
				? PreparsedChangelogs.announce(new PreparsedChangelogs.Key(changeLog, parameters)) : null;
		CountDownLatch initialised = new CountDownLatch(1);
		CountDownLatch finished = new CountDownLatch(1);
		initialising = initialised;
		finishing = finished;
		Thread thread = new Thread(() -> {
			try {
				long started = System.nanoTime();
				preinitialize(updates || statusParse != null);
				initialised.countDown();
				long initialisedAt = System.nanoTime();
				logger.debug("Liquibase initialised in " + (initialisedAt - started) / 1_000_000 + " ms");
				if (updates || statusParse != null) {
					parse(changeLog, parameters, url, classLoader, statusParse);
					logger.debug("Changelog " + changeLog + " parsed in "
							+ (System.nanoTime() - initialisedAt) / 1_000_000 + " ms");
				}
				if (updates) {
					preinitializeMigration();
				}
			}
			catch (Throwable ex) {
				logger.debug("Liquibase pre-initialisation stopped early; Liquibase initialises on first use", ex);
			}
			finally {
				initialised.countDown();
				finished.countDown();
				if (statusParse != null) {
					statusParse.complete(null);
				}
			}
		}, "migration-preinit");
		thread.setDaemon(true);
		thread.setContextClassLoader(classLoader);
		thread.start();
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

	private static void preinitialize(boolean parses) {
		Scope.getCurrentScope();
		LiquibaseCommandLineConfiguration.SHOULD_RUN.getCurrentValue();
		DatabaseFactory.getInstance().getImplementedDatabases();
		if (parses) {
			Scope.getCurrentScope().getSingleton(ChangeFactory.class);
		}
	}

	// only an update generates SQL, snapshots the database and uses its own tables; it
	// waits for this, whereas an up-to-date check needs only the parse before it
	private static void preinitializeMigration() {
		Scope.getCurrentScope().getSingleton(ExecutorService.class);
		SqlGeneratorFactory.getInstance();
		SnapshotGeneratorFactory.getInstance();
		LockServiceFactory.getInstance();
		ChangeLogHistoryServiceFactory.getInstance();
	}

	/**
	 * Parse the changelog, for the first status read when one will come (with the
	 * parameters of the database type that the URL names), or only to load the XML parser
	 * and the change classes ahead of a migration.
	 */
	private static void parse(String changeLog, Map<String, String> userParameters, String url, ClassLoader classLoader,
			CompletableFuture<Preparsed> statusParse) {
		try {
			Database database = (statusParse != null) ? databaseFor(url) : null;
			Preparsed parsed = PreparsedChangelogs.parse(changeLog, userParameters,
					new DefaultResourceLoader(classLoader), database);
			if (statusParse != null) {
				statusParse.complete((database != null) ? parsed : null);
			}
		}
		catch (Exception ex) {
			logger.debug("Changelog " + changeLog + " not parsed ahead; it is parsed on first use", ex);
			if (statusParse != null) {
				statusParse.complete(null);
			}
		}
	}

	private static Database databaseFor(String url) throws Exception {
		for (Database candidate : DatabaseFactory.getInstance().getImplementedDatabases()) {
			if (candidate.getDefaultDriver(url) != null) {
				return candidate.getClass().getDeclaredConstructor().newInstance();
			}
		}
		return null;
	}

	/**
	 * Wait until Liquibase's own initialisation has finished, if it was started; the
	 * changelog may still be being parsed.
	 * @param timeout the longest to wait
	 */
	public static void awaitInitialisation(Duration timeout) {
		await(initialising, timeout);
	}

	/**
	 * Wait until the whole pre-initialisation, the changelog parse included, has
	 * finished, if it was started.
	 * @param timeout the longest to wait
	 */
	public static void awaitCompletion(Duration timeout) {
		await(finishing, timeout);
	}

	private static void await(CountDownLatch latch, Duration timeout) {
		if (latch == null) {
			return;
		}
		try {
			if (!latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				logger.debug("Liquibase pre-initialisation still running after " + timeout);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
