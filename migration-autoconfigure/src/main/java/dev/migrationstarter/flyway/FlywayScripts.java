package dev.migrationstarter.flyway;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

import dev.migrationstarter.core.PendingChange;
import org.flywaydb.core.api.CoreMigrationType;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.executor.MigrationExecutor;
import org.flywaydb.core.api.resolver.ResolvedMigration;
import org.flywaydb.core.internal.info.MigrationInfoImpl;
import org.flywaydb.core.internal.resolver.sql.SqlMigrationExecutor;
import org.flywaydb.core.internal.sqlscript.SqlScript;
import org.flywaydb.core.internal.sqlscript.SqlStatement;
import org.flywaydb.core.internal.sqlscript.SqlStatementIterator;

import org.springframework.beans.DirectFieldAccessor;

/**
 * The SQL of pending Flyway migrations, statement by statement with placeholders
 * replaced, as Flyway's own parser splits it for the database at hand.
 *
 * <p>
 * Flyway keeps a SQL migration's parsed script inside its executor and offers no public
 * way to it (printing the SQL is a paid feature), so this class is the one place that
 * reads Flyway internals; a Java migration has no SQL to show.
 *
 * @author migration-starter
 */
final class FlywayScripts {

	private FlywayScripts() {
	}

	/**
	 * The name of a migration in every line and output: its script
	 * ({@code V2_1__add_greeting_language.sql}, {@code R__views.sql}), or the simple name
	 * of a Java migration's class ({@code V3__Seed}).
	 * @param migration the migration
	 * @return the name
	 */
	static String name(MigrationInfo migration) {
		String script = migration.getScript();
		if (script == null || migration.getType() != CoreMigrationType.JDBC) {
			return script;
		}
		return script.substring(Math.max(script.lastIndexOf('.'), script.lastIndexOf('$')) + 1);
	}

	/**
	 * The pending migrations as the zero-downtime guard judges them.
	 * @param pending the pending migrations in the order they run
	 * @return one entry per migration; a Java migration has no statements
	 */
	static List<PendingChange> pendingChanges(List<MigrationInfo> pending) {
		List<PendingChange> changes = new ArrayList<>();
		for (MigrationInfo migration : pending) {
			MigrationExecutor executor = executor(migration);
			SqlScript script = script(executor);
			boolean inTransaction = executor == null || executor.canExecuteInTransaction();
			if (script == null) {
				changes.add(new PendingChange(name(migration), List.of(), inTransaction, ""));
			}
			else {
				changes.add(
						new PendingChange(name(migration), statements(script), inTransaction, leadingComments(script)));
			}
		}
		return changes;
	}

	/**
	 * Write the SQL of the pending migrations, a header comment before each.
	 * @param pending the pending migrations in the order they run
	 * @param header the first comment lines
	 * @param output where to write
	 */
	static void writeDryRun(List<MigrationInfo> pending, List<String> header, Writer output) {
		PrintWriter out = new PrintWriter(output);
		header.forEach((line) -> out.println("-- " + line));
		for (MigrationInfo migration : pending) {
			out.println();
			MigrationExecutor executor = executor(migration);
			SqlScript script = script(executor);
			if (script == null) {
				out.println("-- " + name(migration) + ": a Java migration (" + describe(migration)
						+ "); its SQL cannot be printed");
				continue;
			}
			out.println("-- " + name(migration) + " (" + describe(migration)
					+ (executor.canExecuteInTransaction() ? "" : ", runs outside a transaction") + ")");
			try (SqlStatementIterator statements = script.getSqlStatements()) {
				while (statements.hasNext()) {
					SqlStatement statement = statements.next();
					String delimiter = (statement.getDelimiter() != null) ? statement.getDelimiter() : ";";
					out.println(statement.getSql().strip() + delimiter);
				}
			}
		}
		out.flush();
	}

	private static String describe(MigrationInfo migration) {
		return (migration.getVersion() != null) ? "version " + migration.getVersion()
				: "repeatable '" + migration.getDescription() + "'";
	}

	private static MigrationExecutor executor(MigrationInfo migration) {
		if (migration instanceof MigrationInfoImpl info) {
			ResolvedMigration resolved = info.getResolvedMigration();
			return (resolved != null) ? resolved.getExecutor() : null;
		}
		return null;
	}

	private static SqlScript script(MigrationExecutor executor) {
		if (executor instanceof SqlMigrationExecutor) {
			return (SqlScript) new DirectFieldAccessor(executor).getPropertyValue("sqlScript");
		}
		return null;
	}

	private static List<String> statements(SqlScript script) {
		List<String> statements = new ArrayList<>();
		try (SqlStatementIterator iterator = script.getSqlStatements()) {
			while (iterator.hasNext()) {
				statements.add(iterator.next().getSql().strip());
			}
		}
		return statements;
	}

	/**
	 * The comment lines at the top of a script, before its first statement, where an
	 * acknowledgement marker stands.
	 */
	static String leadingComments(SqlScript script) {
		try (Reader reader = script.getResource().read(); BufferedReader lines = new BufferedReader(reader)) {
			return leadingComments(lines);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static String leadingComments(BufferedReader lines) throws IOException {
		StringBuilder comments = new StringBuilder();
		boolean inBlock = false;
		for (String line = lines.readLine(); line != null; line = lines.readLine()) {
			String text = line.strip();
			if (inBlock) {
				int end = text.indexOf("*/");
				comments.append(((end < 0) ? text : text.substring(0, end)).strip()).append('\n');
				inBlock = end < 0;
			}
			else if (text.startsWith("--")) {
				comments.append(text.substring(2).strip()).append('\n');
			}
			else if (text.startsWith("/*")) {
				int end = text.indexOf("*/");
				comments.append(((end < 0) ? text.substring(2) : text.substring(2, end)).strip()).append('\n');
				inBlock = end < 0;
			}
			else if (!text.isEmpty()) {
				break;
			}
		}
		return comments.toString().strip();
	}

}
