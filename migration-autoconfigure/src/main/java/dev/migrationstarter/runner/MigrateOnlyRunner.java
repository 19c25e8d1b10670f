package dev.migrationstarter.runner;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

import liquibase.integration.spring.SpringLiquibase;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.core.Ordered;

/**
 * Runs the migration of a {@code --migrate-only} process and ends the process with its
 * {@link MigrationExitCode}.
 *
 * <p>
 * This is the one place that ends the process. It acts on the first
 * {@link ContextRefreshedEvent}, before any application runner or
 * {@code ApplicationStartedEvent} listener, because Spring Boot creates every runner bean
 * before it calls the first one; exiting from a runner would come too late to keep the
 * application's own runners from being created.
 *
 * @author migration-starter
 */
public class MigrateOnlyRunner implements ApplicationListener<ContextRefreshedEvent>, Ordered {

	private static final Log logger = LogFactory.getLog(MigrateOnlyRunner.class);

	private final ConfigurableApplicationContext context;

	private final LiquibaseMigrator migrator;

	private final Predicate<String> migratable;

	private final ProcessExit processExit;

	/**
	 * Create a new runner.
	 * @param context the application context to migrate from and close
	 * @param migrator the migrator
	 * @param migratable which {@code SpringLiquibase} bean names to migrate
	 * @param processExit how to end the process
	 */
	public MigrateOnlyRunner(ConfigurableApplicationContext context, LiquibaseMigrator migrator,
			Predicate<String> migratable, ProcessExit processExit) {
		this.context = context;
		this.migrator = migrator;
		this.migratable = migratable;
		this.processExit = processExit;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	public void onApplicationEvent(ContextRefreshedEvent event) {
		if (event.getApplicationContext() != this.context) {
			return;
		}
		Outcome outcome = migrate();
		this.context.close();
		outcome.log();
		this.processExit.exit(outcome.exitCode().code());
	}

	private Outcome migrate() {
		Map<String, SpringLiquibase> beans = this.context.getBeansOfType(SpringLiquibase.class);
		List<String> names = beans.keySet().stream().filter(this.migratable).toList();
		if (names.isEmpty()) {
			return new Outcome(MigrationExitCode.SUCCESS, List.of(), null);
		}
		List<MigrationReport> reports = new ArrayList<>();
		try {
			for (String name : names) {
				reports.add(this.migrator.migrate(name, beans.get(name)));
			}
			return new Outcome(MigrationExitCode.SUCCESS, reports, null);
		}
		catch (MigrationException ex) {
			return new Outcome(ex.getExitCode(), reports, ex);
		}
	}

	private record Outcome(MigrationExitCode exitCode, List<MigrationReport> reports, MigrationException failure) {

		void log() {
			if (this.failure != null) {
				if (this.exitCode == MigrationExitCode.MIGRATION_FAILED && this.failure.getCause() != null) {
					logger.debug("Migration failure", this.failure.getCause());
				}
				logger.error("Migration failed (exit code " + this.exitCode.code() + "): " + this.failure.getMessage()
						+ ". Next: " + this.failure.getNextStep() + ".");
				return;
			}
			if (this.reports.isEmpty()) {
				logger.warn("Migration finished (exit code 0): no Liquibase migration is configured "
						+ "(spring.liquibase.enabled=false, or no DataSource); nothing was done.");
				return;
			}
			for (MigrationReport report : this.reports) {
				logger.info(String.format(Locale.ROOT,
						"Migration finished (exit code 0): %d %s applied to %s in %.1f s (lock wait %.1f s)",
						report.applied(), (report.applied() == 1) ? "changeset" : "changesets", report.target(),
						report.duration().toMillis() / 1000.0, report.lockWait().toMillis() / 1000.0));
			}
		}

	}

}
