package dev.migrationstarter.liquibase.status;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

import dev.migrationstarter.core.StatusUnavailableException;
import liquibase.integration.spring.SpringLiquibase;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.io.ResourceLoader;

/**
 * Finds the changesets a database is compared with: in the changelog index when it holds
 * the changelog, else from a parse.
 *
 * @author migration-starter
 */
final class ExpectedChangeSetsLoader {

	private static final Log logger = LogFactory.getLog(ExpectedChangeSetsLoader.class);

	private final SpringLiquibase liquibase;

	private final ResourceLoader resourceLoader;

	private final ChangelogParser parser;

	private final ChangelogIndex index;

	// a waiting migrator asks at every poll; the files and settings a key digests stay as
	// they are for the application's life
	private volatile ChangelogIndex.Key key;

	ExpectedChangeSetsLoader(SpringLiquibase liquibase, ResourceLoader resourceLoader, ChangelogParser parser,
			ChangelogIndex index) {
		this.liquibase = liquibase;
		this.resourceLoader = resourceLoader;
		this.parser = parser;
		this.index = index;
	}

	/**
	 * The changesets to compare with, reusing a previous answer where it suffices. Only a
	 * first answer looks in the index; a later one that needs more parses.
	 * @param connection a connection to the bean's database
	 * @param everyChecksum whether every checksum is needed (an update's check, the
	 * index), rather than only those of {@code runOnChange} changesets
	 * @param previous an earlier answer for the same bean, or {@code null}
	 * @return the answer
	 * @throws StatusUnavailableException if the changelog cannot be parsed
	 */
	Expectation load(Connection connection, boolean everyChecksum, Expectation previous) {
		if (previous != null && previous.answers(everyChecksum)) {
			return previous;
		}
		ChangelogIndex.Key key = (previous != null) ? previous.indexKey() : indexKey(connection);
		if (previous == null) {
			Expectation fromIndex = fromIndex(connection, key, everyChecksum);
			if (fromIndex != null) {
				return fromIndex;
			}
		}
		ParsedChangelog parse = (previous != null && previous.parse() != null) ? previous.parse()
				: this.parser.parse(connection);
		return new Expectation(parse.expected(everyChecksum), parse, key, false);
	}

	/**
	 * The changesets to compare with when they are known without a parse: a previous
	 * answer that suffices, or else the changelog index.
	 * @param connection a connection to the bean's database
	 * @param everyChecksum whether every checksum is needed
	 * @param previous an earlier answer for the same bean, or {@code null}
	 * @return the answer, or {@code null} when only a parse could give it
	 */
	Expectation loadWithoutParse(Connection connection, boolean everyChecksum, Expectation previous) {
		if (previous != null) {
			return previous.answers(everyChecksum) ? previous : null;
		}
		return fromIndex(connection, indexKey(connection), everyChecksum);
	}

	private Expectation fromIndex(Connection connection, ChangelogIndex.Key key, boolean everyChecksum) {
		ExpectedChangeSets indexed = (key != null) ? this.index.find(connection, key) : null;
		if (indexed == null) {
			return null;
		}
		logger.debug("Changesets of " + this.liquibase.getChangeLog() + " taken from the changelog index");
		Expectation fromIndex = new Expectation(indexed, null, key, true);
		return fromIndex.answers(everyChecksum) ? fromIndex : null;
	}

	/**
	 * The answer with its parse, parsing when it has none.
	 * @param connection a connection to the bean's database
	 * @param expectation the answer
	 * @return the answer with a parse
	 * @throws StatusUnavailableException if the changelog cannot be parsed
	 */
	Expectation withParse(Connection connection, Expectation expectation) {
		return (expectation.parse() != null) ? expectation : expectation.withParse(this.parser.parse(connection));
	}

	private ChangelogIndex.Key indexKey(Connection connection) {
		if (this.index == null) {
			return null;
		}
		ChangelogIndex.Key known = this.key;
		if (known == null) {
			known = this.index.key(this.liquibase.getChangeLog(), indexSettings(connection), this.resourceLoader);
			this.key = known;
		}
		return known;
	}

	// the product, rather than Liquibase's type, spares the index lookup Liquibase's
	// database set-up; the same product always makes the same type
	private Map<String, String> indexSettings(Connection connection) {
		Map<String, String> settings = new HashMap<>();
		settings.put("contexts", String.valueOf(this.liquibase.getContexts()));
		settings.put("labelFilter", String.valueOf(this.liquibase.getLabelFilter()));
		try {
			settings.put("databaseProduct", connection.getMetaData().getDatabaseProductName());
		}
		catch (SQLException ex) {
			throw new StatusUnavailableException("Cannot identify the database: " + ex.getMessage(), ex);
		}
		Map<String, String> parameters = ChangelogParser.userParameters(this.liquibase);
		if (parameters != null) {
			parameters.forEach((name, value) -> settings.put("parameter " + name, value));
		}
		return settings;
	}

}
