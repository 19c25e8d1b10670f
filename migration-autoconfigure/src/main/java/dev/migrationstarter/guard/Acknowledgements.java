package dev.migrationstarter.guard;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The changesets a team reviewed and acknowledged as safe enough, per rule: from
 * configuration ({@code migration.guard.acknowledge}) as {@code file::id::author} (every
 * rule) or {@code file::id::author::rule-id}, and from a
 * {@code migration-guard: acknowledge rule-id, ...} marker in the changeset's comment.
 *
 * @author migration-starter
 */
public final class Acknowledgements {

	private static final Pattern MARKER = Pattern.compile("MIGRATION-GUARD: ?ACKNOWLEDGE ([A-Z-]+(?: ?, ?[A-Z-]+)*)");

	private static final Set<SafetyRule> EVERY_RULE = Set.of(SafetyRule.values());

	private final Map<String, Set<SafetyRule>> configured;

	private Acknowledgements(Map<String, Set<SafetyRule>> configured) {
		this.configured = configured;
	}

	/**
	 * Acknowledgements from configuration.
	 * @param entries {@code file::id::author} or {@code file::id::author::rule-id}
	 * @return the acknowledgements
	 * @throws IllegalArgumentException with a one-line cause for an entry that names no
	 * changeset or an unknown rule
	 */
	public static Acknowledgements of(Collection<String> entries) {
		Map<String, Set<SafetyRule>> configured = new HashMap<>();
		for (String entry : entries) {
			String[] parts = entry.strip().split("::");
			if (parts.length == 3) {
				configured.put(entry.strip(), EVERY_RULE);
			}
			else if (parts.length == 4) {
				String changeSet = parts[0] + "::" + parts[1] + "::" + parts[2];
				SafetyRule rule;
				try {
					rule = SafetyRule.ofId(parts[3]);
				}
				catch (IllegalArgumentException ex) {
					throw new IllegalArgumentException(
							"migration.guard.acknowledge '" + entry + "': " + ex.getMessage());
				}
				configured.computeIfAbsent(changeSet, (key) -> new HashSet<>()).add(rule);
			}
			else {
				throw new IllegalArgumentException("migration.guard.acknowledge '" + entry
						+ "' names no changeset; use file::id::author or file::id::author::rule-id");
			}
		}
		return new Acknowledgements(configured);
	}

	/**
	 * Whether a rule is acknowledged for a changeset.
	 * @param changeSet the changeset as {@code file::id::author}
	 * @param rule the rule
	 * @param normalisedTexts the changeset's comment and statements, normalised, where a
	 * marker may stand
	 * @return whether it is acknowledged
	 */
	boolean acknowledges(String changeSet, SafetyRule rule, Collection<String> normalisedTexts) {
		if (this.configured.getOrDefault(changeSet, Set.of()).contains(rule)) {
			return true;
		}
		for (String text : normalisedTexts) {
			Matcher marker = MARKER.matcher(text);
			while (marker.find()) {
				for (String id : marker.group(1).split(",")) {
					if (id.strip().equalsIgnoreCase(rule.id())) {
						return true;
					}
				}
			}
		}
		return false;
	}

}
