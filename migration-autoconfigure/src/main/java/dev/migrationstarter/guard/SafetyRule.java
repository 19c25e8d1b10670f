package dev.migrationstarter.guard;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.migrationstarter.jdbc.DatabaseDialect;

/**
 * The zero-downtime rules: changes that break the version still serving, or queue its
 * traffic behind a lock, each with a stable id, a one-line reason and the safe way.
 *
 * <p>
 * A rule judges one SQL statement, normalised to upper case with single spaces, and names
 * the table it touches so that a table created earlier in the same run is exempt (a
 * change that fails at run time never is). A rule judged by the server matches the
 * statements to ask it about.
 *
 * @author migration-starter
 */
public enum SafetyRule {

	/**
	 * Dropping a table the running version still reads.
	 */
	DROP_TABLE("drop-table", Effect.BREAKS_RUNNING_VERSION, "^DROP TABLE (?:IF EXISTS )?(\\S+)",
			"the running version still reads or writes the table",
			"first release a version that no longer uses the table, then drop it in a later release"),

	/**
	 * Dropping a view the running version still reads.
	 */
	DROP_VIEW("drop-view", Effect.BREAKS_RUNNING_VERSION, "^DROP (?:MATERIALIZED )?VIEW (?:IF EXISTS )?(\\S+)",
			"the running version may still read the view",
			"first release a version that no longer uses the view, then drop it in a later release"),

	/**
	 * Dropping a column the running version still reads or writes.
	 */
	DROP_COLUMN("drop-column", Effect.BREAKS_RUNNING_VERSION,
			"^ALTER TABLE (?:IF EXISTS )?(?:ONLY )?(\\S+) .*\\bDROP (?:COLUMN )?(?!CONSTRAINT\\b|INDEX\\b|KEY\\b|PRIMARY\\b|FOREIGN\\b|CHECK\\b|PARTITION\\b|DEFAULT\\b|NOT NULL\\b|IDENTITY\\b|EXPRESSION\\b)",
			"the running version still reads or writes the column",
			"release a version that no longer uses the column (for Hibernate, mark it @Transient first), then drop it in a later release"),

	/**
	 * Renaming a table under the running version.
	 */
	RENAME_TABLE("rename-table", Effect.BREAKS_RUNNING_VERSION,
			"^(?:ALTER TABLE (?:IF EXISTS )?(\\S+) RENAME (?:TO |AS |(?!COLUMN |INDEX |KEY |CONSTRAINT )(?=\\S+$))|RENAME TABLE (\\S+) TO |EXEC SP_RENAME '(\\S+)', '[^']*'$)",
			"the running version still uses the old name",
			"create the new table (or a view with the new name), write to both, move the readers, then drop the old one in a later release"),

	/**
	 * Renaming a column under the running version.
	 */
	RENAME_COLUMN("rename-column", Effect.BREAKS_RUNNING_VERSION,
			"^ALTER TABLE (?:IF EXISTS )?(?:ONLY )?(\\S+) (?:RENAME (?:COLUMN )?(?!TO\\b)\\S+ TO |CHANGE (?:COLUMN )?(\\S+) (?!\\2\\b))",
			"the running version still uses the old name",
			"add the new column, write to both, backfill, move the readers, then drop the old column in a later release"),

	/**
	 * Changing a column's type under the running version.
	 */
	CHANGE_COLUMN_TYPE("change-column-type", Effect.BREAKS_RUNNING_VERSION,
			"^ALTER TABLE (?:IF EXISTS )?(?:ONLY )?(\\S+) (?:ALTER (?:COLUMN )?\\S+ (?:SET DATA )?TYPE |MODIFY (?:COLUMN )?(?!.*\\bNOT NULL\\b))",
			"the running version reads and writes the old type, and most type changes rewrite the table under an exclusive lock",
			"add a column of the new type, write to both, backfill in batches, move the readers, then drop the old column"),

	/**
	 * Making an existing column NOT NULL.
	 */
	SET_NOT_NULL("set-not-null", Effect.BREAKS_RUNNING_VERSION,
			"^ALTER TABLE (?:IF EXISTS )?(?:ONLY )?(\\S+) (?:ALTER (?:COLUMN )?\\S+ SET NOT NULL|MODIFY (?:COLUMN )?.*\\bNOT NULL\\b)",
			"the running version may still insert rows without the column, and the check scans the whole table under an exclusive lock",
			"release a version that always writes the column and backfill it; on PostgreSQL add CHECK (column IS NOT NULL) NOT VALID, VALIDATE it, then SET NOT NULL"),

	/**
	 * Adding a NOT NULL column without a default.
	 */
	ADD_NOT_NULL_COLUMN_WITHOUT_DEFAULT("add-not-null-column-without-default", Effect.BREAKS_RUNNING_VERSION,
			"^ALTER TABLE (?:IF EXISTS )?(?:ONLY )?(\\S+) ADD (?:COLUMN )?(?!CONSTRAINT\\b|INDEX\\b|KEY\\b|PRIMARY\\b|FOREIGN\\b|UNIQUE\\b|CHECK\\b)(?!.*\\bDEFAULT\\b).*\\bNOT NULL\\b",
			"the running version does not write the new column, so its inserts fail",
			"add the column nullable or with a default, release a version that writes it, backfill, then make it NOT NULL"),

	/**
	 * Building an index while writes to the table wait (PostgreSQL).
	 */
	CREATE_INDEX_NOT_CONCURRENTLY("create-index-not-concurrently", Effect.LOCKS_BUSY_TABLE,
			"^CREATE (?:UNIQUE )?INDEX (?!CONCURRENTLY\\b)(?:IF NOT EXISTS )?\\S+ ON (?:ONLY )?(\\S+)",
			"CREATE INDEX blocks every write to the table until the index is built",
			"CREATE INDEX CONCURRENTLY in a changeset of its own with runInTransaction=\"false\"",
			DatabaseDialect.POSTGRESQL),

	/**
	 * A foreign key validated while the table is locked (PostgreSQL).
	 */
	ADD_FOREIGN_KEY_VALIDATED("add-foreign-key-validated", Effect.LOCKS_BUSY_TABLE,
			"^ALTER TABLE (?:IF EXISTS )?(?:ONLY )?(\\S+) ADD (?:CONSTRAINT \\S+ )?FOREIGN KEY (?!.*\\bNOT VALID\\b)",
			"validating a new foreign key scans the table while writes to both tables wait",
			"ADD CONSTRAINT ... FOREIGN KEY ... NOT VALID, then VALIDATE CONSTRAINT in a later changeset",
			DatabaseDialect.POSTGRESQL),

	/**
	 * A check constraint validated while the table is locked (PostgreSQL).
	 */
	ADD_CHECK_CONSTRAINT_VALIDATED("add-check-constraint-validated", Effect.LOCKS_BUSY_TABLE,
			"^ALTER TABLE (?:IF EXISTS )?(?:ONLY )?(\\S+) ADD (?:CONSTRAINT \\S+ )?CHECK\\b(?!.*\\bNOT VALID\\b)",
			"validating a new check constraint scans the table under an exclusive lock",
			"ADD CONSTRAINT ... CHECK (...) NOT VALID, then VALIDATE CONSTRAINT in a later changeset",
			DatabaseDialect.POSTGRESQL),

	/**
	 * A unique constraint that builds its index inline (PostgreSQL).
	 */
	ADD_UNIQUE_CONSTRAINT_INLINE("add-unique-constraint-inline", Effect.LOCKS_BUSY_TABLE,
			"^ALTER TABLE (?:IF EXISTS )?(?:ONLY )?(\\S+) ADD (?:CONSTRAINT \\S+ )?(?:UNIQUE|PRIMARY KEY)\\b(?!.*\\bUSING INDEX\\b)",
			"the constraint builds its index while every write to the table waits",
			"CREATE UNIQUE INDEX CONCURRENTLY first, then ADD CONSTRAINT ... UNIQUE USING INDEX",
			DatabaseDialect.POSTGRESQL),

	/**
	 * Rewriting a whole table under an exclusive lock (PostgreSQL).
	 */
	REWRITE_TABLE("rewrite-table", Effect.LOCKS_BUSY_TABLE, "^(?:VACUUM (?:\\(.*\\bFULL\\b.*\\)|FULL\\b)|CLUSTER\\b)",
			"VACUUM FULL and CLUSTER rewrite the table while every read and write waits",
			"use pg_repack or pg_squeeze outside the migration, or a plain VACUUM", DatabaseDialect.POSTGRESQL),

	/**
	 * An index built concurrently in a changeset that runs in a transaction (PostgreSQL).
	 */
	CONCURRENTLY_IN_TRANSACTION("concurrently-in-transaction", Effect.FAILS_AT_RUN_TIME,
			"^(?:(?:CREATE (?:UNIQUE )?|DROP )INDEX CONCURRENTLY\\b|REINDEX .*\\bCONCURRENTLY\\b)",
			"PostgreSQL refuses CONCURRENTLY inside a transaction block, and the changeset runs in one, so the migration fails part way",
			"give the statement a changeset of its own with runInTransaction=\"false\" (runInTransaction:false in formatted SQL)",
			DatabaseDialect.POSTGRESQL),

	/**
	 * An ALTER TABLE that the server cannot run without locking the table (MariaDB,
	 * MySQL): the server itself is asked, on an empty copy of the table.
	 */
	ALTER_TABLE_LOCKING("alter-table-locking", Effect.LOCKS_BUSY_TABLE,
			"^(?:ALTER (?:ONLINE )?(?:IGNORE )?TABLE (?:IF EXISTS )?(\\S+) |CREATE (?:OR REPLACE )?(?:UNIQUE |FULLTEXT |SPATIAL )?INDEX .*? ON (\\S+?)(?: |\\())",
			"the server cannot make this change with ALGORITHM=INPLACE or INSTANT and LOCK=NONE, so the table's queries wait until it is done",
			"make the change in a form the server runs online (its reason says what stops it), or with an online schema change tool such as pt-online-schema-change or gh-ost; ending the statement with ALGORITHM=INPLACE, LOCK=NONE makes the server refuse it rather than lock",
			DatabaseDialect.MARIADB);

	private final String id;

	private final Effect effect;

	private final Pattern pattern;

	private final String reason;

	private final String safeWay;

	private final Set<DatabaseDialect> dialects;

	SafetyRule(String id, Effect effect, String pattern, String reason, String safeWay, DatabaseDialect... dialects) {
		this.id = id;
		this.effect = effect;
		this.pattern = Pattern.compile(pattern);
		this.reason = reason;
		this.safeWay = safeWay;
		this.dialects = (dialects.length == 0) ? Set.of(DatabaseDialect.values()) : Set.of(dialects);
	}

	/**
	 * The stable id that acknowledgements and meters name.
	 * @return the id, such as {@code drop-column}
	 */
	public String id() {
		return this.id;
	}

	/**
	 * What the change does to the running version.
	 * @return the effect
	 */
	public Effect effect() {
		return this.effect;
	}

	/**
	 * Why the change is unsafe, in one line.
	 * @return the reason
	 */
	public String reason() {
		return this.reason;
	}

	/**
	 * The safe way to make the change.
	 * @return the safe way
	 */
	public String safeWay() {
		return this.safeWay;
	}

	/**
	 * Whether the database server, rather than the statement's text, tells whether a
	 * matching statement breaks this rule.
	 * @return whether the server is asked
	 */
	boolean judgedByServer() {
		return this == ALTER_TABLE_LOCKING;
	}

	/**
	 * The table a statement that breaks this rule touches.
	 * @param statement the statement, normalised by {@link #normalise(String)}
	 * @param dialect the database it runs on
	 * @return the table, or empty when the statement does not break this rule (a rule
	 * without a table, such as {@code VACUUM FULL}, gives an empty name)
	 */
	Optional<String> match(String statement, DatabaseDialect dialect) {
		if (!this.dialects.contains(dialect)) {
			return Optional.empty();
		}
		Matcher matcher = this.pattern.matcher(statement);
		if (!matcher.find()) {
			return Optional.empty();
		}
		for (int group = 1; group <= matcher.groupCount(); group++) {
			if (matcher.group(group) != null) {
				return Optional.of(tableName(matcher.group(group)));
			}
		}
		return Optional.of("");
	}

	/**
	 * The rule with the given id.
	 * @param id the id
	 * @return the rule
	 * @throws IllegalArgumentException with the valid ids if there is none
	 */
	public static SafetyRule ofId(String id) {
		return Arrays.stream(values())
			.filter((rule) -> rule.id.equals(id.strip().toLowerCase(Locale.ROOT)))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("unknown rule '" + id + "'; the rules are "
					+ Arrays.stream(values()).map(SafetyRule::id).collect(Collectors.joining(", "))));
	}

	/**
	 * Upper-case a statement and collapse its white space, outside string literals only
	 * in effect since rules never look into literals' contents.
	 * @param statement the statement
	 * @return the normalised statement
	 */
	static String normalise(String statement) {
		String trimmed = statement.strip();
		while (trimmed.endsWith(";")) {
			trimmed = trimmed.substring(0, trimmed.length() - 1).strip();
		}
		return trimmed.replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
	}

	/**
	 * A table name without schema and quotes, for comparing tables across statements.
	 * @param name the name as written
	 * @return the bare name
	 */
	static String tableName(String name) {
		String bare = name.replaceAll("[\"`\\[\\]]", "");
		int parenthesis = bare.indexOf('(');
		bare = (parenthesis >= 0) ? bare.substring(0, parenthesis) : bare;
		int dot = bare.lastIndexOf('.');
		bare = (dot >= 0) ? bare.substring(dot + 1) : bare;
		while (bare.endsWith(",")) {
			bare = bare.substring(0, bare.length() - 1);
		}
		return bare;
	}

	/**
	 * What a rule's change does to the version still serving.
	 */
	public enum Effect {

		/**
		 * The running version fails once the change commits.
		 */
		BREAKS_RUNNING_VERSION,

		/**
		 * The running version's queries on the table wait behind the change's lock.
		 */
		LOCKS_BUSY_TABLE,

		/**
		 * The change fails when it runs, after earlier changesets were applied; no
		 * acknowledgement or policy lets it through.
		 */
		FAILS_AT_RUN_TIME

	}

}
