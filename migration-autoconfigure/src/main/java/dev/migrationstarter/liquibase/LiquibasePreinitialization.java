package dev.migrationstarter.liquibase;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.migrationstarter.liquibase.status.PreparsedChangelogs;
import dev.migrationstarter.liquibase.status.PreparsedChangelogs.Preparsed;
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

import org.springframework.core.io.DefaultResourceLoader;

/**
 * Liquibase's initialisation running on a background thread, which the main thread awaits
 * before it touches Liquibase itself, and the changelog parse it hands to the first
 * status read.
 *
 * <p>
 * {@link LiquibasePreinitializer} starts it and registers it in the application context,
 * where the Liquibase beans' post-processor and the migration targets await it.
 *
 * @author migration-starter
 */
public final class LiquibasePreinitialization {

	/**
	 * The name of the bean under which it is registered.
	 */
	public static final String BEAN_NAME = "liquibasePreinitialization";

	private static final Log logger = LogFactory.getLog(LiquibasePreinitialization.class);

	private static final LiquibasePreinitialization NONE = new LiquibasePreinitialization(PreparsedChangelogs.none(),
			new CountDownLatch(0), new CountDownLatch(0));

	private final PreparsedChangelogs preparsed;

	private final CountDownLatch initialised;

	private final CountDownLatch finished;

	private LiquibasePreinitialization(PreparsedChangelogs preparsed, CountDownLatch initialised,
			CountDownLatch finished) {
		this.preparsed = preparsed;
		this.initialised = initialised;
		this.finished = finished;
	}

	/**
	 * Nothing started: nothing to wait for, no parse ahead.
	 * @return the pre-initialisation that never ran
	 */
	public static LiquibasePreinitialization none() {
		return NONE;
	}

	/**
	 * Start the work on a daemon thread.
	 * @param work what to do
	 * @param classLoader the application's class loader, which loads Liquibase and the
	 * changelog
	 * @return the running pre-initialisation
	 */
	static LiquibasePreinitialization start(Work work, ClassLoader classLoader) {
		PreparsedChangelogs preparsed = (work.statusParse() != null) ? PreparsedChangelogs.announce(work.statusParse())
				: PreparsedChangelogs.none();
		LiquibasePreinitialization started = new LiquibasePreinitialization(preparsed, new CountDownLatch(1),
				new CountDownLatch(1));
		Thread thread = new Thread(() -> started.run(work, classLoader), "migration-preinit");
		thread.setDaemon(true);
		thread.setContextClassLoader(classLoader);
		thread.start();
		return started;
	}

	/**
	 * The changelog parse for the first status read, if one was started.
	 * @return the parse hand-off
	 */
	public PreparsedChangelogs preparsed() {
		return this.preparsed;
	}

	/**
	 * Wait until Liquibase's own initialisation has finished; the changelog may still be
	 * being parsed.
	 * @param timeout the longest to wait
	 */
	public void awaitInitialisation(Duration timeout) {
		await(this.initialised, timeout);
	}

	/**
	 * Wait until the whole pre-initialisation, the changelog parse included, has
	 * finished.
	 * @param timeout the longest to wait
	 */
	public void awaitCompletion(Duration timeout) {
		await(this.finished, timeout);
	}

	private void run(Work work, ClassLoader classLoader) {
		try {
			long started = System.nanoTime();
			boolean parses = work.updates() || work.statusParse() != null;
			initialiseLiquibase(parses);
			this.initialised.countDown();
			long initialisedAt = System.nanoTime();
			logger.debug("Liquibase initialised in " + (initialisedAt - started) / 1_000_000 + " ms");
			if (parses) {
				parse(work, classLoader);
				logger.debug("Changelog " + work.changeLog() + " parsed in "
						+ (System.nanoTime() - initialisedAt) / 1_000_000 + " ms");
			}
			if (work.updates()) {
				initialiseUpdate();
			}
		}
		catch (Throwable ex) {
			logger.debug("Liquibase pre-initialisation stopped early; Liquibase initialises on first use", ex);
		}
		finally {
			this.initialised.countDown();
			this.finished.countDown();
			this.preparsed.complete(null);
		}
	}

	private static void initialiseLiquibase(boolean parses) {
		Scope.getCurrentScope();
		LiquibaseCommandLineConfiguration.SHOULD_RUN.getCurrentValue();
		DatabaseFactory.getInstance().getImplementedDatabases();
		if (parses) {
			Scope.getCurrentScope().getSingleton(ChangeFactory.class);
		}
	}

	// only an update generates SQL, snapshots the database and uses its own tables; it
	// waits for this, whereas an up-to-date check needs only the parse before it
	private static void initialiseUpdate() {
		Scope.getCurrentScope().getSingleton(ExecutorService.class);
		SqlGeneratorFactory.getInstance();
		SnapshotGeneratorFactory.getInstance();
		LockServiceFactory.getInstance();
		ChangeLogHistoryServiceFactory.getInstance();
	}

	// for the first status read with the parameters of the database type that the URL
	// names, or only to load the XML parser and the change classes ahead of a migration
	private void parse(Work work, ClassLoader classLoader) {
		try {
			Database database = (work.statusParse() != null) ? databaseFor(work.url()) : null;
			Preparsed parsed = PreparsedChangelogs.parse(work.changeLog(), work.parameters(),
					new DefaultResourceLoader(classLoader), database);
			this.preparsed.complete((database != null) ? parsed : null);
		}
		catch (Exception ex) {
			logger.debug("Changelog " + work.changeLog() + " not parsed ahead; it is parsed on first use", ex);
		}
	}

	// a URL cannot tell a database from its specialisations (jdbc:postgresql: also
	// suits CockroachDB, of a higher priority): the general one is by far the likelier
	static Database databaseFor(String url) throws Exception {
		Database chosen = null;
		for (Database candidate : DatabaseFactory.getInstance().getImplementedDatabases()) {
			if (candidate.getDefaultDriver(url) != null
					&& (chosen == null || candidate.getPriority() < chosen.getPriority())) {
				chosen = candidate;
			}
		}
		return (chosen != null) ? chosen.getClass().getDeclaredConstructor().newInstance() : null;
	}

	private static void await(CountDownLatch latch, Duration timeout) {
		try {
			if (!latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				logger.debug("Liquibase pre-initialisation still running after " + timeout);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * What to do ahead.
	 *
	 * @param changeLog the changelog location
	 * @param parameters the changelog parameters
	 * @param url the JDBC URL of the database Liquibase migrates, which names its type
	 * @param statusParse what to parse for the first status read, or {@code null} when no
	 * status read will parse
	 * @param updates whether an update follows, whose services to initialise too
	 */
	record Work(String changeLog, Map<String, String> parameters, String url, PreparsedChangelogs.Key statusParse,
			boolean updates) {

	}

}
