package dev.migrationstarter.guard;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.migrationstarter.jdbc.Redaction;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Asks a MariaDB or MySQL server whether it can run an {@code ALTER TABLE} (or
 * {@code CREATE INDEX}) without locking the table, by running it with
 * {@code ALGORITHM=INPLACE, LOCK=NONE} on an empty copy of the table.
 *
 * <p>
 * The algorithm:
 * <ol>
 * <li>On the first statement for a table, create the copy in the table's schema with
 * {@code CREATE TABLE copy LIKE table}; a table that does not exist is not asked
 * about.</li>
 * <li>Run the statement on the copy with {@code ALGORITHM=INPLACE, LOCK=NONE}. Success
 * means the change runs online.</li>
 * <li>A refusal ({@code ER_ALTER_OPERATION_NOT_SUPPORTED} and
 * {@code ER_ALTER_OPERATION_NOT_SUPPORTED_REASON}) is tried once more with
 * {@code ALGORITHM=INSTANT}; refused again, the first refusal is the finding, and the
 * statement runs plainly on the empty copy so that the next statements meet the shape
 * they expect.</li>
 * <li>Any other failure (a constraint the copy lacks, say) gives no finding.</li>
 * <li>Closing drops every copy.</li>
 * </ol>
 * A statement that renames or exchanges the table, or says its own algorithm or lock, is
 * not asked about.
 *
 * @author migration-starter
 */
public final class OnlineAlterProbe implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(OnlineAlterProbe.class);

	private static final String PART = "(?:`[^`]+`|[\\w$]+)";

	private static final String NAME = PART + "(?:\\." + PART + ")?";

	private static final Pattern QUALIFIED = Pattern.compile("^(?:(" + PART + ")\\.)?" + PART + "$");

	private static final Pattern ALTER_TABLE = Pattern
		.compile("^\\s*(ALTER\\s+(?:ONLINE\\s+)?(?:IGNORE\\s+)?TABLE\\s+(?:IF\\s+EXISTS\\s+)?)(" + NAME
				+ ")(\\s.*?)[\\s;]*$", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

	private static final Pattern CREATE_INDEX = Pattern
		.compile("^\\s*(CREATE\\s+(?:OR\\s+REPLACE\\s+)?(?:UNIQUE\\s+|FULLTEXT\\s+|SPATIAL\\s+)?INDEX\\s.*?\\sON\\s+)("
				+ NAME + ")(\\s*\\(.*?)[\\s;]*$", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

	private static final Pattern NOT_ASKED = Pattern.compile(
			"\\b(?:RENAME\\b(?!\\s+(?:COLUMN|INDEX|KEY)\\b)|EXCHANGE\\s+PARTITION\\b|ALGORITHM\\s*=|LOCK\\s*=|DISCARD\\b|IMPORT\\b)",
			Pattern.CASE_INSENSITIVE);

	private static final Pattern DRIVER_PREFIX = Pattern.compile("^\\(conn=\\d+\\)\\s*");

	private static final int ER_NO_SUCH_TABLE = 1146;

	private static final int ER_ALTER_OPERATION_NOT_SUPPORTED = 1845;

	private static final int ER_ALTER_OPERATION_NOT_SUPPORTED_REASON = 1846;

	private final Connection connection;

	private final Map<String, Optional<String>> copies = new HashMap<>();

	private boolean unavailable;

	/**
	 * Create a probe.
	 * @param connection a connection that may create and drop tables in the schemas of
	 * the tables it is asked about; the probe does not close it
	 */
	public OnlineAlterProbe(Connection connection) {
		this.connection = connection;
	}

	/**
	 * Ask the server whether it can run a statement without locking its table.
	 * @param statement the statement as Liquibase generated it
	 * @return the server's reason when it cannot, or empty when it can, or the statement
	 * is not one it can be asked about
	 */
	public Optional<String> refusal(String statement) {
		Matcher alter = ALTER_TABLE.matcher(statement);
		Matcher index = CREATE_INDEX.matcher(statement);
		Matcher matched = alter.matches() ? alter : (index.matches() ? index : null);
		if (matched == null || NOT_ASKED.matcher(matched.group(3)).find()) {
			return Optional.empty();
		}
		Optional<String> copy = copyOf(matched.group(2));
		if (copy.isEmpty()) {
			return Optional.empty();
		}
		String plain = matched.group(1) + copy.get() + matched.group(3);
		boolean alterTable = matched == alter;
		SQLException online = run(
				plain + (alterTable ? ", ALGORITHM=INPLACE, LOCK=NONE" : " ALGORITHM=INPLACE LOCK=NONE"));
		if (online == null) {
			return Optional.empty();
		}
		if (!isRefusal(online)) {
			logger.debug("No answer on whether the server alters online: " + online.getMessage());
			return Optional.empty();
		}
		if (run(plain + (alterTable ? ", ALGORITHM=INSTANT" : " ALGORITHM=INSTANT")) == null) {
			return Optional.empty();
		}
		run(plain);
		String reason = DRIVER_PREFIX.matcher(online.getMessage()).replaceFirst("");
		return Optional.of("the server refuses to run it online: "
				+ reason.replace(unquoted(copy.get()), unquoted(matched.group(2))));
	}

	private Optional<String> copyOf(String table) {
		if (this.unavailable) {
			return Optional.empty();
		}
		return this.copies.computeIfAbsent(table.toLowerCase(Locale.ROOT), (key) -> createCopy(table));
	}

	private Optional<String> createCopy(String table) {
		Matcher name = QUALIFIED.matcher(table);
		String schema = (name.matches() && name.group(1) != null) ? name.group(1) + "." : "";
		String copy = schema + "migration_guard_probe_"
				+ HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
		try (Statement statement = this.connection.createStatement()) {
			statement.execute("CREATE TABLE " + copy + " LIKE " + table);
			return Optional.of(copy);
		}
		catch (SQLException ex) {
			if (ex.getErrorCode() != ER_NO_SUCH_TABLE) {
				this.unavailable = true;
				logger.warn("The alter-table-locking rule is not checked: the server refused an empty copy of " + table
						+ " to ask it on (" + Redaction.text(ex.getMessage())
						+ "); let the migration's login create and drop tables in that schema");
			}
			return Optional.empty();
		}
	}

	private SQLException run(String sql) {
		try (Statement statement = this.connection.createStatement()) {
			statement.execute(sql);
			return null;
		}
		catch (SQLException ex) {
			return ex;
		}
	}

	private static boolean isRefusal(SQLException ex) {
		return ex.getErrorCode() == ER_ALTER_OPERATION_NOT_SUPPORTED
				|| ex.getErrorCode() == ER_ALTER_OPERATION_NOT_SUPPORTED_REASON;
	}

	private static String unquoted(String name) {
		String bare = name.replace("`", "");
		return bare.substring(bare.lastIndexOf('.') + 1);
	}

	/**
	 * Drop every copy.
	 */
	@Override
	public void close() {
		for (Optional<String> copy : this.copies.values()) {
			copy.ifPresent((name) -> {
				SQLException failure = run("DROP TABLE IF EXISTS " + name);
				if (failure != null) {
					logger.warn("Could not drop the guard's empty table " + name + " (" + failure.getMessage()
							+ "); drop it by hand");
				}
			});
		}
		this.copies.clear();
	}

}
