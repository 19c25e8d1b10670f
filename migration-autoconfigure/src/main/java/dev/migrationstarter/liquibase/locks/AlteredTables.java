package dev.migrationstarter.liquibase.locks;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import liquibase.change.Change;
import liquibase.changelog.ChangeSet;
import liquibase.database.Database;
import liquibase.structure.DatabaseObject;
import liquibase.structure.core.Column;
import liquibase.structure.core.Index;
import liquibase.structure.core.Relation;
import liquibase.structure.core.Table;

/**
 * The tables that pending changesets touch, as far as Liquibase's changes tell: raw SQL
 * and custom changes do not, and then no table list is known.
 *
 * @author migration-starter
 */
final class AlteredTables {

	private AlteredTables() {
	}

	/**
	 * The tables of the changesets.
	 * @param changeSets the changesets
	 * @param database the database they run on
	 * @return the tables, optionally schema-qualified, or {@code null} when a change does
	 * not tell its tables
	 */
	static List<String> of(List<ChangeSet> changeSets, Database database) {
		Set<String> tables = new LinkedHashSet<>();
		for (ChangeSet changeSet : changeSets) {
			for (Change change : changeSet.getChanges()) {
				Set<String> ofChange = tablesOf(change, database);
				if (ofChange.isEmpty()) {
					return null;
				}
				tables.addAll(ofChange);
			}
		}
		return new ArrayList<>(tables);
	}

	private static Set<String> tablesOf(Change change, Database database) {
		Set<String> tables = new LinkedHashSet<>();
		try {
			for (DatabaseObject object : change.getAffectedDatabaseObjects(database)) {
				Relation relation = relationOf(object);
				if (relation != null && relation.getName() != null) {
					String schema = (relation.getSchema() != null) ? relation.getSchema().getName() : null;
					tables.add((schema != null) ? schema + "." + relation.getName() : relation.getName());
				}
			}
		}
		catch (RuntimeException ex) {
			return Set.of();
		}
		return tables;
	}

	private static Relation relationOf(DatabaseObject object) {
		if (object instanceof Table table) {
			return table;
		}
		if (object instanceof Column column) {
			return column.getRelation();
		}
		if (object instanceof Index index) {
			return index.getRelation();
		}
		return null;
	}

}
