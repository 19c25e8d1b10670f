package dev.migrationstarter.jdbc;

import java.util.regex.Pattern;

/**
 * Checks that a table name from configuration is a plain SQL identifier, optionally
 * qualified by its schema, so that it can be placed into a statement as it is.
 *
 * @author migration-starter
 */
public final class TableNames {

	private static final Pattern TABLE_NAME = Pattern
		.compile("[A-Za-z_][A-Za-z0-9_$]{0,127}(\\.[A-Za-z_][A-Za-z0-9_$]{0,127})?");

	private static final int SHOWN_CHARACTERS = 60;

	private TableNames() {
	}

	/**
	 * Return the table name when it is one or two identifiers of letters, digits,
	 * {@code _} and {@code $}, each starting with a letter or {@code _}.
	 * @param property the configuration property that named the table, for the message
	 * @param tableName the table name
	 * @return the table name
	 * @throws InvalidTableNameException if it is anything else
	 */
	public static String requireValid(String property, String tableName) {
		if (tableName == null || !TABLE_NAME.matcher(tableName).matches()) {
			throw new InvalidTableNameException(property + " must be a table name, optionally schema-qualified "
					+ "(letters, digits, _ and $, starting with a letter or _), was " + shown(tableName));
		}
		return tableName;
	}

	private static String shown(String tableName) {
		if (tableName == null) {
			return "empty";
		}
		String line = tableName.replaceAll("\\s+", " ");
		return "'" + ((line.length() > SHOWN_CHARACTERS) ? line.substring(0, SHOWN_CHARACTERS) + "..." : line) + "'";
	}

}
