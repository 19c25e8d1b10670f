package dev.migrationstarter.guard;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The statements of each pending changeset, read from the SQL that Liquibase writes for
 * an update it does not run (its {@code update-sql} output, as the dry run prints it).
 *
 * <p>
 * Liquibase heads each changeset's statements with a
 * {@code -- Changeset file::id::author} comment and ends every statement with the end
 * delimiter at the end of a line, so a statement is every line up to one that ends with
 * {@code ;}. Working on the generated SQL rather than the changelog judges XML, YAML,
 * JSON, formatted SQL and raw {@code <sql>} alike, for the database at hand.
 *
 * @param changeSets the statements of each pending changeset in order, by
 * {@code file::id::author}
 * @param freshDatabase whether the update creates the changelog table, so that no release
 * has migrated the database yet
 * @author migration-starter
 */
public record UpdateSqlScript(Map<String, List<String>> changeSets, boolean freshDatabase) {

	private static final String CHANGESET_HEADER = "Changeset ";

	private static final String CREATE_CHANGELOG_TABLE = "Create Database Change Log Table";

	private static final String RELEASE_LOCK = "Release Database Lock";

	/**
	 * Read the script.
	 * @param sql the SQL Liquibase wrote
	 * @return the statements by changeset
	 */
	public static UpdateSqlScript parse(String sql) {
		Map<String, List<String>> changeSets = new LinkedHashMap<>();
		boolean fresh = false;
		List<String> current = null;
		StringBuilder statement = new StringBuilder();
		for (String line : sql.split("\\R")) {
			String trimmed = line.strip();
			if (statement.isEmpty() && trimmed.startsWith("--")) {
				// MySQL and MariaDB write "-- " where other databases write "-- "
				String comment = trimmed.substring(2).strip();
				if (comment.startsWith(CHANGESET_HEADER)) {
					current = changeSets.computeIfAbsent(comment.substring(CHANGESET_HEADER.length()).strip(),
							(id) -> new ArrayList<>());
				}
				else if (comment.startsWith(CREATE_CHANGELOG_TABLE)) {
					fresh = true;
				}
				else if (comment.startsWith(RELEASE_LOCK)) {
					current = null;
				}
				continue;
			}
			if (trimmed.isEmpty() && statement.isEmpty()) {
				continue;
			}
			statement.append(statement.isEmpty() ? "" : "\n").append(line);
			if (trimmed.endsWith(";")) {
				if (current != null) {
					current.add(statement.toString().strip());
				}
				statement.setLength(0);
			}
		}
		if (current != null && !statement.isEmpty()) {
			current.add(statement.toString().strip());
		}
		return new UpdateSqlScript(changeSets, fresh);
	}

}
