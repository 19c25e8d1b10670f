package dev.migrationstarter.runner;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import dev.migrationstarter.core.Durations;
import dev.migrationstarter.core.MigrationException;
import dev.migrationstarter.core.MigrationExitCode;
import dev.migrationstarter.core.MigrationReport;
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
	protected String commandLine() {
		return (this.dryRunOutput != null) ? "--migrate-only --dry-run" : "--migrate-only";
	}

	@Override
	protected String whatTerminationLeaves() {
		if (this.dryRunOutput != null) {
			return "it changed nothing";
		}
		return "the database ends its session, which frees the migration lock; PostgreSQL rolls back the changeset "
				+ "that was running, MariaDB and MySQL finish or roll back its running statement, and the changesets "
				+ "before it stay applied";
	}

	@Override
	protected String commandName() {
		return (this.dryRunOutput != null) ? "dry-run" : "migrate-only";
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
				String line = failureLine(failure, null, List.of());
				return new Completion(failure.getExitCode(), () -> logFailure(failure, line), line, List.of());
			}
		}
		UnmigratedChangelogWarning.warnIfUnmigrated(context);
		if (names.isEmpty()) {
			String line = "Migration finished (exit code 0): no Liquibase migration is configured "
					+ "(spring.liquibase.enabled=false, no DataSource, or every bean has shouldRun=false); "
					+ "nothing was done.";
			return new Completion(MigrationExitCode.SUCCESS, () -> logger.warn(line), line, List.of());
		}
		List<MigrationReport> reports = new ArrayList<>();
		for (String name : names) {
			try {
				reports.add((this.dryRunOutput != null) ? dryRun(name, beans.get(name))
						: this.migrator.migrate(name, beans.get(name)));
			}
			catch (MigrationException ex) {
				if (ex.getReport() != null) {
					reports.add(ex.getReport());
				}
				String line = failureLine(ex, (names.size() > 1) ? name : null, reports);
				return new Completion(ex.getExitCode(), () -> logFailure(ex, line), line, reports);
			}
		}
		return Completion.of(MigrationExitCode.SUCCESS, logger, successLine(reports), reports);
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

	private String successLine(List<MigrationReport> reports) {
		if (this.dryRunOutput != null) {
			return "Dry run finished (exit code 0): the SQL for "
					+ reports.stream().map(MigrationReport::target).distinct().collect(Collectors.joining(" and "))
					+ " is on standard output; nothing was applied";
		}
		int applied = reports.stream().mapToInt(MigrationReport::applied).sum();
		Duration duration = reports.stream().map(MigrationReport::duration).reduce(Duration.ZERO, Duration::plus);
		Duration lockWait = reports.stream().map(MigrationReport::lockWait).reduce(Duration.ZERO, Duration::plus);
		String where = (reports.size() == 1) ? " to " + reports.get(0).target()
				: " by " + reports.size() + " Liquibase beans (" + reports.stream()
					.map((report) -> "'" + report.beanName() + "': " + report.applied() + " to " + report.target())
					.collect(Collectors.joining("; ")) + ")";
		return "Migration finished (exit code 0): " + changeSets(applied) + " applied" + where + " in "
				+ Durations.format(duration) + " (lock wait " + Durations.format(lockWait) + ")";
	}

	private static String failureLine(MigrationException failure, String beanName, List<MigrationReport> reports) {
		int applied = reports.stream().mapToInt(MigrationReport::applied).sum();
		String kept = (applied > 0) ? " (" + changeSets(applied) + " applied before it stay applied)" : "";
		String bean = (beanName != null) ? "Liquibase '" + beanName + "': " : "";
		return "Migration failed (exit code " + failure.getExitCode().code() + "): " + bean + describe(failure, kept);
	}

	private static String changeSets(int count) {
		return count + ((count == 1) ? " changeset" : " changesets");
	}

	private void logFailure(MigrationException failure, String line) {
		if (failure.getCause() != null) {
			logger.debug("Migration failure", failure.getCause());
		}
		logger.error(line);
	}

}
