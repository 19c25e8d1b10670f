package dev.migrationstarter.check;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import dev.migrationstarter.core.ChangeRef;
import dev.migrationstarter.core.MigrationException;
import dev.migrationstarter.core.MigrationExitCode;
import dev.migrationstarter.core.MigrationStatus;
import dev.migrationstarter.core.StatusUnavailableException;
import dev.migrationstarter.guard.Finding;
import dev.migrationstarter.guard.MigrationGuard;
import dev.migrationstarter.runner.MigrationFailures;
import dev.migrationstarter.runner.ProcessExit;
import dev.migrationstarter.runner.RunAndExitCommand;
import dev.migrationstarter.status.ChangelogStatusReader;
import liquibase.integration.spring.SpringLiquibase;
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

	private final SchemaStatusSource source;

	private final PrintStream output;

	private final MigrationGuard guard;

	/**
	 * Create the command.
	 * @param context the application context
	 * @param migratable which {@code SpringLiquibase} bean names to check
	 * @param processExit how to end the process
	 * @param output where the status is printed
	 * @param guard lists the pending changesets' unsafe changes, or {@code null} not to
	 * check them
	 */
	public MigrationStatusCommand(ConfigurableApplicationContext context, Predicate<String> migratable,
			ProcessExit processExit, PrintStream output, MigrationGuard guard) {
		super(context, processExit);
		this.source = new SchemaStatusSource(migratable);
		this.output = output;
		this.guard = guard;
	}

	@Override
	protected String commandName() {
		return "migration-status";
	}

	@Override
	protected Completion run(ConfigurableApplicationContext context) {
		Map<String, MigrationStatus> statuses = new LinkedHashMap<>();
		Map<String, ChangelogStatusReader> readers = this.source.readers(context);
		try {
			readers.forEach((name, reader) -> statuses.put(name, read(name, reader)));
		}
		catch (MigrationException ex) {
			return Completion.of(ex.getExitCode(), logger,
					"Migration status unknown (exit code " + ex.getExitCode().code() + "): " + describe(ex));
		}
		Map<String, List<Finding>> findings = new LinkedHashMap<>();
		try {
			statuses.forEach((name, status) -> findings.put(name, findings(context, name, status, readers.get(name))));
		}
		catch (MigrationException ex) {
			return Completion.of(ex.getExitCode(), logger,
					"Migration status unknown (exit code " + ex.getExitCode().code() + "): " + describe(ex));
		}
		statuses.forEach((name, status) -> print(name, status, findings.get(name)));
		this.output.flush();
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
			return Completion.of(MigrationExitCode.CHANGES_PENDING, logger, "Migration status (exit code 2): " + pending
					+ ((pending == 1) ? " changeset is" : " changesets are") + " pending." + refusal);
		}
		return Completion.of(MigrationExitCode.SUCCESS, logger,
				"Migration status (exit code 0): the schema is up to date"
						+ ((unknown > 0) ? " and ahead by " + unknown + " unknown changeset(s)" : "") + ".");
	}

	private List<Finding> findings(ConfigurableApplicationContext context, String name, MigrationStatus status,
			ChangelogStatusReader reader) {
		if (this.guard == null || status.pending().isEmpty()) {
			return List.of();
		}
		return this.guard.findings(name, context.getBean(name, SpringLiquibase.class), reader);
	}

	private static MigrationStatus read(String name, ChangelogStatusReader reader) {
		try {
			return reader.readAndValidate();
		}
		catch (StatusUnavailableException ex) {
			throw MigrationFailures.statusUnavailable(name, ex);
		}
	}

	private void print(String name, MigrationStatus status, List<Finding> findings) {
		this.output.println("Liquibase '" + name + "': " + status.pending().size() + " pending, " + status.applied()
				+ " applied, " + status.unknown() + " unknown");
		for (ChangeRef changeSet : status.pending()) {
			this.output.println("  pending  " + changeSet);
		}
		for (Finding finding : findings) {
			this.output.println((finding.acknowledged() ? "  acknowledged  " : "  unsafe   ") + finding.changeSet()
					+ "  " + finding.rule().id() + ": " + finding.reason());
		}
		for (ChangeRef changeSet : status.unknownChanges()) {
			this.output.println("  unknown  " + changeSet);
		}
	}

}
