package dev.migrationstarter.guard;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.migrationstarter.jdbc.DatabaseDialect;

/**
 * Judges the statements of the pending changesets against every {@link SafetyRule}.
 *
 * <p>
 * Nothing is found where nothing can break: on a database that no release has migrated
 * yet (no running version, no traffic), and for a table that a pending changeset of the
 * same run created.
 *
 * @author migration-starter
 */
public final class SafetyCheck {

	private static final Pattern CREATE_TABLE = Pattern.compile("^CREATE TABLE (?:IF NOT EXISTS )?(\\S+?)(?: |\\()");

	private static final int LONGEST_STATEMENT = 120;

	private SafetyCheck() {
	}

	/**
	 * Find the statements that break a rule.
	 * @param script the statements of the pending changesets
	 * @param dialect the database they run on
	 * @param acknowledgements what the team acknowledged
	 * @return the findings in changeset order, acknowledged ones included
	 */
	public static List<Finding> check(UpdateSqlScript script, DatabaseDialect dialect,
			Acknowledgements acknowledgements) {
		List<Finding> findings = new ArrayList<>();
		if (script.freshDatabase()) {
			return findings;
		}
		Set<String> createdInThisRun = new HashSet<>();
		for (Map.Entry<String, List<String>> changeSet : script.changeSets().entrySet()) {
			List<String> normalised = changeSet.getValue().stream().map(SafetyRule::normalise).toList();
			for (int i = 0; i < normalised.size(); i++) {
				String statement = normalised.get(i);
				Matcher created = CREATE_TABLE.matcher(statement);
				if (created.find()) {
					createdInThisRun.add(SafetyRule.tableName(created.group(1)));
					continue;
				}
				for (SafetyRule rule : SafetyRule.values()) {
					Optional<String> table = rule.match(statement, dialect);
					if (table.isPresent() && !createdInThisRun.contains(table.get())) {
						findings.add(new Finding(changeSet.getKey(), rule, shorten(changeSet.getValue().get(i)),
								acknowledgements.acknowledges(changeSet.getKey(), rule, normalised)));
					}
				}
			}
		}
		return findings;
	}

	private static String shorten(String statement) {
		String line = statement.strip().replaceAll("\\s+", " ");
		return (line.length() <= LONGEST_STATEMENT) ? line : line.substring(0, LONGEST_STATEMENT - 3) + "...";
	}

}
