package dev.migrationstarter.runner;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

import dev.migrationstarter.status.UnmigratedChangelog;
import dev.migrationstarter.status.UnmigratedChangelogWarning;
import liquibase.integration.spring.SpringLiquibase;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * Runs the migration of a {@code --migrate-only} process (or, with {@code --dry-run},
 * prints its SQL) and ends the process with its {@link MigrationExitCode}.
 *
 * @author migration-starter
 */
public class MigrateOnlyRunner extends RunAndExitCommand {

	private static final Log logger = LogFactory.getLog(MigrateOnlyRunner.class);

	private final LiquibaseMigrator migrator;

	private final Predicate<String> migratable;

	private final PrintStream dryRunOutput;

	/**
	 * Create a new runner.
	 * @param context the application context to migrate from and close
	 * @param migrator the migrator
	 * @param migratable which {@code SpringLiquibase} bean names to migrate
	 * @param processExit how to end the process
	 * @param dryRunOutput where a dry run writes its SQL, or {@code null} to migrate
	 */
	public MigrateOnlyRunner(ConfigurableApplicationContext context, LiquibaseMigrator migrator,
			Predicate<String> migratable, ProcessExit processExit, PrintStream dryRunOutput) {
		super(context, processExit);
		this.migrator = migrator;
		this.migratable = migratable;
		this.dryRunOutput = dryRunOutput;
	}

	@Override
	protected Completion run(ConfigurableApplicationContext context) {
		Map<String, SpringLiquibase> beans = context.getBeansOfType(SpringLiquibase.class);
		List<String> names = beans.keySet().stream().filter(this.migratable).toList();
		if (beans.isEmpty()) {
			String changelog = UnmigratedChangelog.mainChangelog(context.getEnvironment(), context);
			if (changelog != null) {
				MigrationException failure = new MigrationException(MigrationExitCode.CHANGELOG_INVALID,
						"No Liquibase bean migrates changelog " + changelog
								+ " (spring.liquibase.enabled=false, no DataSource, or an auto-configuration left out)",
						"check spring.liquibase.enabled and the DataSource settings, or declare a SpringLiquibase bean",
						null);
				return new Completion(failure.getExitCode(), () -> logFailure(failure));
			}
		}
		UnmigratedChangelogWarning.warnIfUnmigrated(context);
		if (names.isEmpty()) {
			return new Completion(MigrationExitCode.SUCCESS,
					() -> logger.warn("Migration finished (exit code 0): no Liquibase migration is configured "
							+ "(spring.liquibase.enabled=false, no DataSource, or every bean has shouldRun=false); "
							+ "nothing was done."));
		}
		List<MigrationReport> reports = new ArrayList<>();
		try {
			for (String name : names) {
				reports.add((this.dryRunOutput != null) ? dryRun(name, beans.get(name))
						: this.migrator.migrate(name, beans.get(name)));
			}
			return new Completion(MigrationExitCode.SUCCESS, () -> reports.forEach(this::logSuccess));
		}
		catch (MigrationException ex) {
			return new Completion(ex.getExitCode(), () -> logFailure(ex));
		}
	}

	private MigrationReport dryRun(String name, SpringLiquibase liquibase) {
		PrintWriter output = new PrintWriter(this.dryRunOutput);
		try {
			return this.migrator.dryRun(name, liquibase, output);
		}
		finally {
			output.flush();
		}
	}

	private void logSuccess(MigrationReport report) {
		if (this.dryRunOutput != null) {
			logger.info(String.format(Locale.ROOT,
					"Dry run finished (exit code 0): the SQL for %s is on standard output; nothing was applied",
					report.target()));
			return;
		}
		logger.info(String.format(Locale.ROOT,
				"Migration finished (exit code 0): %d %s applied to %s in %.1f s (lock wait %.1f s)", report.applied(),
				(report.applied() == 1) ? "changeset" : "changesets", report.target(),
				report.duration().toMillis() / 1000.0, report.lockWait().toMillis() / 1000.0));
	}

	private void logFailure(MigrationException failure) {
		if (failure.getExitCode() == MigrationExitCode.MIGRATION_FAILED && failure.getCause() != null) {
			logger.debug("Migration failure", failure.getCause());
		}
		logger.error("Migration failed (exit code " + failure.getExitCode().code() + "): " + describe(failure));
	}

}
