package dev.migrationstarter.guard;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.migrationstarter.core.MigrationExitCode;
import dev.migrationstarter.core.PendingChange;
import dev.migrationstarter.jdbc.DatabaseDialect;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Scope;
import liquibase.changelog.ChangeLogParameters;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.changelog.filter.ContextChangeSetFilter;
import liquibase.changelog.filter.DbmsChangeSetFilter;
import liquibase.changelog.filter.LabelChangeSetFilter;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.OfflineConnection;
import liquibase.parser.ChangeLogParserFactory;
import liquibase.resource.DirectoryResourceAccessor;
import liquibase.resource.ResourceAccessor;

/**
 * Judges the changesets of changelog files against the zero-downtime rules with no
 * database, for a CI step: Liquibase generates their SQL for an offline database of the
 * given type, and every changeset counts as pending against a database that earlier
 * releases migrated. Rules that need the server to answer (alter-table-locking) are not
 * judged.
 *
 * <p>
 * Usage:
 * {@code OfflineSafetyCheck --database=postgresql|mariadb|mysql|h2 [--search-path=DIR] [--contexts=...] [--labels=...] [--acknowledge=file::id::author[::rule-id]]... CHANGELOG...}.
 * Changelog paths are relative to the search path (the current directory unless given),
 * as the application's classpath names them, so that changeset ids match the
 * application's. Exit codes: 0 when nothing unsafe is found, 6 when something is, 4 when
 * a changelog is missing or cannot be parsed, 1 for any other bad input; the last line
 * says why.
 *
 * @author migration-starter
 */
public final class OfflineSafetyCheck {

	private static final List<String> DATABASE_TYPES = List.of("postgresql", "mariadb", "mysql", "h2");

	private OfflineSafetyCheck() {
	}

	public static void main(String[] args) {
		System.exit(run(args, System.out));
	}

	/**
	 * Run the check.
	 * @param args the arguments
	 * @param output where the findings and the last line go
	 * @return the exit code
	 */
	static int run(String[] args, PrintStream output) {
		// the last line says what went wrong; Liquibase's own log would say it again
		Logger.getLogger("liquibase").setLevel(Level.OFF);
		try {
			Arguments arguments = Arguments.parse(args);
			List<Finding> findings = check(arguments);
			findings.forEach((finding) -> output
				.println((finding.acknowledged() ? "acknowledged  " : "unsafe        ") + finding.describe()));
			long unsafe = findings.stream().filter((finding) -> !finding.acknowledged()).count();
			if (unsafe > 0) {
				return last(output, MigrationExitCode.UNSAFE_CHANGE, unsafe + " unsafe change(s) for "
						+ arguments.databaseType + "; make them safe or acknowledge them after review");
			}
			return last(output, MigrationExitCode.SUCCESS, "no unsafe change for " + arguments.databaseType
					+ ((findings.isEmpty()) ? "" : " (" + findings.size() + " acknowledged)"));
		}
		catch (BadInput ex) {
			return last(output, ex.exitCode, ex.getMessage());
		}
	}

	private static int last(PrintStream output, MigrationExitCode exitCode, String message) {
		output.println("Safety check (exit code " + exitCode.code() + "): " + message);
		output.flush();
		return exitCode.code();
	}

	private static List<Finding> check(Arguments arguments) {
		ResourceAccessor resources;
		try {
			resources = new DirectoryResourceAccessor(arguments.searchPath);
		}
		catch (FileNotFoundException ex) {
			throw new BadInput(MigrationExitCode.MIGRATION_FAILED,
					"search path " + arguments.searchPath.toAbsolutePath() + " is not a directory");
		}
		try {
			return Scope.child(Map.of(Scope.Attr.resourceAccessor.name(), resources), () -> {
				Database database = DatabaseFactory.getInstance()
					.findCorrectDatabaseImplementation(
							new OfflineConnection("offline:" + arguments.databaseType, resources));
				List<PendingChange> pending = new ArrayList<>();
				for (String changeLog : arguments.changeLogs) {
					for (ChangeSet changeSet : parse(changeLog, resources, database, arguments)) {
						pending.add(ChangeSetSql.of(changeSet, database));
					}
				}
				return SafetyCheck.check(pending, dialectOf(arguments.databaseType), arguments.acknowledgements, null);
			});
		}
		catch (BadInput ex) {
			throw ex;
		}
		catch (Exception ex) {
			throw new BadInput(MigrationExitCode.CHANGELOG_INVALID, singleLine(ex));
		}
	}

	private static List<ChangeSet> parse(String changeLog, ResourceAccessor resources, Database database,
			Arguments arguments) throws Exception {
		if (!exists(resources, changeLog)) {
			throw new BadInput(MigrationExitCode.CHANGELOG_INVALID,
					"changelog " + changeLog + " not found under " + arguments.searchPath.toAbsolutePath());
		}
		DatabaseChangeLog parsed;
		try {
			parsed = ChangeLogParserFactory.getInstance()
				.getParser(changeLog, resources)
				.parse(changeLog, new ChangeLogParameters(database), resources);
		}
		catch (Exception ex) {
			throw new BadInput(MigrationExitCode.CHANGELOG_INVALID,
					"cannot parse changelog " + changeLog + ": " + singleLine(ex));
		}
		ContextChangeSetFilter contexts = new ContextChangeSetFilter(new Contexts(arguments.contexts));
		LabelChangeSetFilter labels = new LabelChangeSetFilter(new LabelExpression(arguments.labels));
		DbmsChangeSetFilter dbms = new DbmsChangeSetFilter(database);
		return parsed.getChangeSets()
			.stream()
			.filter((changeSet) -> contexts.accepts(changeSet).isAccepted() && labels.accepts(changeSet).isAccepted()
					&& dbms.accepts(changeSet).isAccepted())
			.toList();
	}

	private static boolean exists(ResourceAccessor resources, String path) {
		try {
			return resources.get(path).exists();
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static DatabaseDialect dialectOf(String databaseType) {
		return switch (databaseType) {
			case "postgresql" -> DatabaseDialect.POSTGRESQL;
			case "mariadb", "mysql" -> DatabaseDialect.MARIADB;
			default -> DatabaseDialect.OTHER;
		};
	}

	private static String singleLine(Throwable failure) {
		Throwable cause = failure;
		while (cause.getCause() != null && cause.getMessage() == null) {
			cause = cause.getCause();
		}
		String message = (cause.getMessage() != null) ? cause.getMessage() : cause.getClass().getSimpleName();
		return message.strip().replaceAll("\\s+", " ");
	}

	/**
	 * The command line, checked.
	 */
	private static final class Arguments {

		private String databaseType;

		private Path searchPath = Path.of("");

		private String contexts;

		private String labels;

		private final List<String> acknowledged = new ArrayList<>();

		private Acknowledgements acknowledgements;

		private final List<String> changeLogs = new ArrayList<>();

		static Arguments parse(String[] args) {
			Arguments arguments = new Arguments();
			for (String arg : args) {
				if (arg.startsWith("--database=")) {
					arguments.databaseType = value(arg).toLowerCase(Locale.ROOT);
				}
				else if (arg.startsWith("--search-path=")) {
					arguments.searchPath = Path.of(value(arg));
				}
				else if (arg.startsWith("--contexts=")) {
					arguments.contexts = value(arg);
				}
				else if (arg.startsWith("--labels=")) {
					arguments.labels = value(arg);
				}
				else if (arg.startsWith("--acknowledge=")) {
					arguments.acknowledged.add(value(arg));
				}
				else if (arg.startsWith("-")) {
					throw usage("unknown option " + arg);
				}
				else {
					arguments.changeLogs.add(arg);
				}
			}
			if (arguments.databaseType == null || !DATABASE_TYPES.contains(arguments.databaseType)) {
				throw usage((arguments.databaseType == null) ? "no --database given"
						: "unknown database type '" + arguments.databaseType + "'");
			}
			if (arguments.changeLogs.isEmpty()) {
				throw usage("no changelog file given");
			}
			try {
				arguments.acknowledgements = Acknowledgements.of(arguments.acknowledged);
			}
			catch (IllegalArgumentException ex) {
				throw new BadInput(MigrationExitCode.MIGRATION_FAILED, ex.getMessage());
			}
			return arguments;
		}

		private static String value(String arg) {
			return arg.substring(arg.indexOf('=') + 1).strip();
		}

		private static BadInput usage(String problem) {
			return new BadInput(MigrationExitCode.MIGRATION_FAILED, problem + "; usage: --database="
					+ String.join("|", DATABASE_TYPES)
					+ " [--search-path=DIR] [--contexts=...] [--labels=...] [--acknowledge=file::id::author[::rule-id]]... CHANGELOG...");
		}

	}

	/**
	 * Input that the check cannot work with, and the exit code that says so.
	 */
	private static final class BadInput extends RuntimeException {

		private final MigrationExitCode exitCode;

		BadInput(MigrationExitCode exitCode, String message) {
			super(message, null, false, false);
			this.exitCode = exitCode;
		}

	}

}
