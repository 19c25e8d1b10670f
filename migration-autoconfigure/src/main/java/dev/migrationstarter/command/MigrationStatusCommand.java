package dev.migrationstarter.command;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.migrationstarter.core.ChangeRef;
import dev.migrationstarter.core.MigrationEngine;
import dev.migrationstarter.core.MigrationException;
import dev.migrationstarter.core.MigrationExitCode;
import dev.migrationstarter.core.MigrationStatus;
import dev.migrationstarter.core.MigrationTarget;
import dev.migrationstarter.core.MigrationTargetFactory;
import dev.migrationstarter.core.MigrationTargets;
import dev.migrationstarter.core.StatusUnavailableException;
import dev.migrationstarter.guard.Finding;
import dev.migrationstarter.guard.MigrationGuard;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * The {@code --migration-status} process: prints the pending and unknown changesets of
 * each changelog to standard output and exits 0 when the database is up to date or ahead,
 * 2 when changesets are pending. It reads the migration state, like the readiness check;
 * to judge pending ALTER statements on MariaDB and MySQL the guard also creates and drops
 * empty copies of the altered tables (a login that may not do so gets a warning instead).
 *
 * @author migration-starter
 */
public class MigrationStatusCommand extends RunAndExitCommand {

	private static final Log logger = LogFactory.getLog(MigrationStatusCommand.class);

	private final MigrationTargets targets;

	private final PrintStream output;

	private final MigrationGuard guard;

	/**
	 * Create the command.
	 * @param context the application context
	 * @param targets finds the targets to check
	 * @param processExit how to end the process
	 * @param output where the status is printed
	 * @param guard lists the pending migrations' unsafe changes, or {@code null} not to
	 * check them
	 */
	public MigrationStatusCommand(ConfigurableApplicationContext context, MigrationTargets targets,
			ProcessExit processExit, PrintStream output, MigrationGuard guard) {
		super(context, processExit);
		this.targets = targets;
		this.output = output;
		this.guard = guard;
	}

	@Override
	protected String commandName() {
		return "migration-status";
	}

	@Override
	protected Completion run(ConfigurableApplicationContext context) {
		Map<MigrationTarget, MigrationStatus> statuses = new LinkedHashMap<>();
		List<MigrationTarget> targets = this.targets.targets(MigrationTargetFactory.Use.CHECK);
		try {
			targets.forEach((target) -> statuses.put(target, read(target)));
		}
		catch (MigrationException ex) {
			return Completion.of(ex.getExitCode(), logger,
					"Migration status unknown (exit code " + ex.getExitCode().code() + "): " + describe(ex));
		}
		Map<MigrationTarget, List<Finding>> findings = new LinkedHashMap<>();
		try {
			statuses.forEach((target, status) -> findings.put(target, findings(target, status)));
		}
		catch (MigrationException ex) {
			return Completion.of(ex.getExitCode(), logger,
					"Migration status unknown (exit code " + ex.getExitCode().code() + "): " + describe(ex));
		}
		statuses.forEach((target, status) -> print(target, status, findings.get(target)));
		this.output.flush();
		Set<MigrationEngine> engines = targets.stream()
			.map(MigrationTarget::engine)
			.collect(Collectors.toCollection(LinkedHashSet::new));
		int pending = statuses.values().stream().mapToInt((status) -> status.pending().size()).sum();
		int unknown = statuses.values().stream().mapToInt(MigrationStatus::unknown).sum();
		long unsafe = findings.values()
			.stream()
			.flatMap(List::stream)
			.filter((finding) -> !finding.acknowledged())
			.count();
		if (pending > 0) {
			String refusal = (unsafe > 0) ? " " + unsafe + " unsafe change(s) are not acknowledged, which "
					+ "--migrate-only refuses with exit code 6; make them safe or acknowledge them, then run "
					+ "--migrate-only." : " Next: run --migrate-only.";
			return Completion.of(MigrationExitCode.CHANGES_PENDING, logger, "Migration status (exit code 2): "
					+ ChangeNouns.count(pending, engines) + ((pending == 1) ? " is" : " are") + " pending." + refusal);
		}
		return Completion.of(MigrationExitCode.SUCCESS, logger,
				"Migration status (exit code 0): the schema is up to date"
						+ ((unknown > 0)
								? " and ahead by " + unknown + " unknown " + ChangeNouns.singular(engines) + "(s)" : "")
						+ ".");
	}

	private List<Finding> findings(MigrationTarget target, MigrationStatus status) {
		if (this.guard == null || status.pending().isEmpty()) {
			return List.of();
		}
		return this.guard.findings(target);
	}

	private static MigrationStatus read(MigrationTarget target) {
		try {
			return target.readStatus(null, true);
		}
		catch (StatusUnavailableException ex) {
			throw target.classify(ex, null);
		}
	}

	private void print(MigrationTarget target, MigrationStatus status, List<Finding> findings) {
		this.output.println(target.engine().displayName() + " '" + target.name() + "': " + status.pending().size()
				+ " pending, " + status.applied() + " applied, " + status.unknown() + " unknown");
		for (ChangeRef change : status.pending()) {
			this.output.println("  pending  " + change);
		}
		for (Finding finding : findings) {
			this.output.println((finding.acknowledged() ? "  acknowledged  " : "  unsafe   ") + finding.changeSet()
					+ "  " + finding.rule().id() + ": " + finding.reason());
		}
		for (ChangeRef change : status.unknownChanges()) {
			this.output.println("  unknown  " + change);
		}
	}

}
