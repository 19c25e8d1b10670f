package dev.migrationstarter.guard;

import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The changesets and migrations a team reviewed and acknowledged as safe enough, per
 * rule: from configuration ({@code migration.guard.acknowledge}) as
 * {@code file::id::author} (every rule) or {@code file::id::author::rule-id} for a
 * Liquibase changeset, {@code script} or {@code script::rule-id} for a Flyway migration,
 * and from a {@code migration-guard: acknowledge rule-id, ...} marker in the change's
 * comment (a Flyway script's leading comment).
 *
 * @author migration-starter
 */
public final class Acknowledgements {

	private static final Pattern MARKER = Pattern.compile("MIGRATION-GUARD: ?ACKNOWLEDGE ([A-Z-]+(?: ?, ?[A-Z-]+)*)");

	// a Flyway migration's name always holds the separator of its version and description
	private static final String FLYWAY_SEPARATOR = "__";

	private static final Set<SafetyRule> EVERY_RULE = Set.of(SafetyRule.values());

	private final Map<String, Set<SafetyRule>> configured;

	private Acknowledgements(Map<String, Set<SafetyRule>> configured) {
		this.configured = configured;
	}

	/**
	 * Acknowledgements from configuration.
	 * @param entries {@code file::id::author} or {@code file::id::author::rule-id} for a
	 * Liquibase changeset, {@code script} or {@code script::rule-id} for a Flyway
	 * migration ({@code V2__add_email.sql}, or a Java migration's class name
	 * {@code V3__Seed})
	 * @return the acknowledgements
	 * @throws IllegalArgumentException with a one-line cause for an entry that names no
	 * changeset or migration, or an unknown rule
	 */
	public static Acknowledgements of(Collection<String> entries) {
		Map<String, Set<SafetyRule>> configured = new HashMap<>();
		for (String entry : entries) {
			String[] parts = entry.strip().split("::");
			boolean flyway = parts.length <= 2 && parts[0].contains(FLYWAY_SEPARATOR);
			if (parts.length == 3 || (flyway && parts.length == 1)) {
				configured.put(entry.strip(), EVERY_RULE);
			}
			else if (parts.length == 4 || (flyway && parts.length == 2)) {
				String change = String.join("::", Arrays.asList(parts).subList(0, parts.length - 1));
				configured.computeIfAbsent(change, (key) -> new HashSet<>()).add(rule(entry, parts[parts.length - 1]));
			}
			else {
				throw new IllegalArgumentException("migration.guard.acknowledge '" + entry
						+ "' names no changeset or migration; use file::id::author[::rule-id] for a Liquibase changeset"
						+ " or script[::rule-id] for a Flyway migration (V2__add_email.sql::drop-column)");
			}
		}
		return new Acknowledgements(configured);
	}

	private static SafetyRule rule(String entry, String id) {
		try {
			return SafetyRule.ofId(id);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("migration.guard.acknowledge '" + entry + "': " + ex.getMessage());
		}
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
