package dev.migrationstarter.guard;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.migrationstarter.core.PendingChange;
import dev.migrationstarter.jdbc.DatabaseDialect;

/**
 * Judges the statements of the pending changesets against every {@link SafetyRule}.
 *
 * <p>
 * Nothing that breaks the running version or locks its tables is found for a table that a
 * pending changeset of the same run created: no running version uses it yet. A change
 * that fails at run time is found wherever it stands.
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
	 * @param changeSets the changesets the update would run, in order
	 * @param dialect the database they run on
	 * @param acknowledgements what the team acknowledged
	 * @param server asks the database whether it can alter a table online, or
	 * {@code null} where there is no database to ask
	 * @return the findings in changeset order, acknowledged ones included
	 */
	public static List<Finding> check(List<PendingChange> changeSets, DatabaseDialect dialect,
			Acknowledgements acknowledgements, OnlineAlterProbe server) {
		List<Finding> findings = new ArrayList<>();
		Set<String> createdInThisRun = new HashSet<>();
		for (PendingChange changeSet : changeSets) {
			List<String> normalised = changeSet.statements().stream().map(SafetyRule::normalise).toList();
			List<String> markerTexts = new ArrayList<>(normalised);
			markerTexts.add(SafetyRule.normalise(changeSet.comments()));
			for (int i = 0; i < normalised.size(); i++) {
				String statement = normalised.get(i);
				Matcher created = CREATE_TABLE.matcher(statement);
				if (created.find()) {
					createdInThisRun.add(SafetyRule.tableName(created.group(1)));
					continue;
				}
				for (SafetyRule rule : SafetyRule.values()) {
					Optional<String> table = rule.match(statement, dialect);
					if (table.isEmpty()) {
						continue;
					}
					String original = changeSet.statements().get(i);
					Optional<String> reason = judge(rule, changeSet, original, table.get(), createdInThisRun, server);
					if (reason.isPresent()) {
						boolean acknowledged = rule.effect() != SafetyRule.Effect.FAILS_AT_RUN_TIME
								&& acknowledgements.acknowledges(changeSet.id(), rule, markerTexts);
						findings.add(new Finding(changeSet.id(), rule, shorten(original), reason.get(), acknowledged));
					}
				}
			}
		}
		return findings;
	}

	private static Optional<String> judge(SafetyRule rule, PendingChange changeSet, String statement, String table,
			Set<String> createdInThisRun, OnlineAlterProbe server) {
		if (rule.effect() == SafetyRule.Effect.FAILS_AT_RUN_TIME) {
			return changeSet.runInTransaction() ? Optional.of(rule.reason()) : Optional.empty();
		}
		if (createdInThisRun.contains(table)) {
			return Optional.empty();
		}
		if (rule.judgedByServer()) {
			return (server != null) ? server.refusal(statement) : Optional.empty();
		}
		return Optional.of(rule.reason());
	}

	private static String shorten(String statement) {
		String line = statement.strip().replaceAll("\\s+", " ");
		return (line.length() <= LONGEST_STATEMENT) ? line : line.substring(0, LONGEST_STATEMENT - 3) + "...";
	}

}
