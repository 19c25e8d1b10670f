package dev.migrationstarter.command;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import dev.migrationstarter.core.Durations;
import dev.migrationstarter.core.MigrationEngine;
import dev.migrationstarter.core.MigrationException;
import dev.migrationstarter.core.MigrationExitCode;
import dev.migrationstarter.core.MigrationReport;
import dev.migrationstarter.core.MigrationTarget;
import dev.migrationstarter.core.MigrationTargetFactory;
import dev.migrationstarter.core.MigrationTargets;
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

	private final TargetMigrator migrator;

	private final MigrationTargets targets;

	private final PrintStream dryRunOutput;

	/**
	 * Create a new runner.
	 * @param context the application context to migrate from and close
	 * @param migrator the migrator
	 * @param targets finds the targets to migrate
	 * @param processExit how to end the process
	 * @param dryRunOutput where a dry run writes its SQL, or {@code null} to migrate
	 */
	public MigrateOnlyRunner(ConfigurableApplicationContext context, TargetMigrator migrator, MigrationTargets targets,
			ProcessExit processExit, PrintStream dryRunOutput) {
		super(context, processExit);
		this.migrator = migrator;
		this.targets = targets;
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
		MigrationException unmigrated = this.targets.unmigrated();
		if (unmigrated != null) {
			String line = failureLine(unmigrated, null, List.of());
			return new Completion(unmigrated.getExitCode(), () -> logFailure(unmigrated, line), line, List.of());
		}
		List<MigrationTarget> targets = this.targets.targets(MigrationTargetFactory.Use.MIGRATE);
		if (targets.isEmpty()) {
			String line = "Migration finished (exit code 0): no " + this.targets.describeNoTarget()
					+ "; nothing was done.";
			return new Completion(MigrationExitCode.SUCCESS, () -> logger.warn(line), line, List.of());
		}
		List<MigrationReport> reports = new ArrayList<>();
		for (MigrationTarget target : targets) {
			try {
				reports.add((this.dryRunOutput != null) ? dryRun(target) : this.migrator.migrate(target));
			}
			catch (MigrationException ex) {
				if (ex.getReport() != null) {
					reports.add(ex.getReport());
				}
				String line = failureLine(ex, (targets.size() > 1) ? target : null, reports);
				return new Completion(ex.getExitCode(), () -> logFailure(ex, line), line, reports);
			}
		}
		return Completion.of(MigrationExitCode.SUCCESS, logger, successLine(reports), reports);
	}

	private MigrationReport dryRun(MigrationTarget target) {
		PrintWriter output = new PrintWriter(this.dryRunOutput);
		try {
			return this.migrator.dryRun(target, output);
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
		Set<MigrationEngine> engines = engines(reports);
		String where;
		if (reports.size() == 1) {
			where = " to " + reports.get(0).target();
		}
		else if (engines.size() == 1) {
			where = " by " + reports.size() + " " + engines.iterator().next().displayName() + " beans ("
					+ reports.stream()
						.map((report) -> "'" + report.beanName() + "': " + report.applied() + " to " + report.target())
						.collect(Collectors.joining("; "))
					+ ")";
		}
		else {
			where = " by " + reports.size() + " beans ("
					+ reports.stream()
						.map((report) -> report.engine().displayName() + " '" + report.beanName() + "': "
								+ report.applied() + " to " + report.target())
						.collect(Collectors.joining("; "))
					+ ")";
		}
		return "Migration finished (exit code 0): " + ChangeNouns.count(applied, engines) + " applied" + where + " in "
				+ Durations.format(duration) + " (lock wait " + Durations.format(lockWait) + ")";
	}

	private static String failureLine(MigrationException failure, MigrationTarget target,
			List<MigrationReport> reports) {
		int applied = reports.stream().mapToInt(MigrationReport::applied).sum();
		String kept = (applied > 0)
				? " (" + ChangeNouns.count(applied, engines(reports)) + " applied before it stay applied)" : "";
		String bean = (target != null) ? target.engine().displayName() + " '" + target.name() + "': " : "";
		return "Migration failed (exit code " + failure.getExitCode().code() + "): " + bean + describe(failure, kept);
	}

	private static Set<MigrationEngine> engines(List<MigrationReport> reports) {
		return reports.stream().map(MigrationReport::engine).collect(Collectors.toCollection(LinkedHashSet::new));
	}

	private void logFailure(MigrationException failure, String line) {
		if (failure.getCause() != null) {
			logger.debug("Migration failure", failure.getCause());
		}
		logger.error(line);
	}

}
