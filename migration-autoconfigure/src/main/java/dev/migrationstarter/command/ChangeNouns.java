package dev.migrationstarter.command;

import java.util.Collection;
import java.util.Set;

import dev.migrationstarter.core.MigrationEngine;

/**
 * Names a number of migrations the way their engines call them: {@code 1 changeset},
 * {@code 3 migrations}; targets of several engines share the word {@code migration}.
 *
 * @author migration-starter
 */
final class ChangeNouns {

	private ChangeNouns() {
	}

	static String count(int count, MigrationEngine engine) {
		return count(count, Set.of(engine));
	}

	static String count(int count, Collection<MigrationEngine> engines) {
		return count + " " + noun(count, engines);
	}

	static String noun(int count, Collection<MigrationEngine> engines) {
		String noun = (engines.size() == 1) ? engines.iterator().next().changeNoun() : "migration";
		return (count == 1) ? noun : noun + "s";
	}

	static String singular(Collection<MigrationEngine> engines) {
		return noun(1, engines);
	}

}
