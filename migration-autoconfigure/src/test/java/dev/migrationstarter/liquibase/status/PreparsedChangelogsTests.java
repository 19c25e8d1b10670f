package dev.migrationstarter.liquibase.status;

import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;

import dev.migrationstarter.core.ChangeRef;
import dev.migrationstarter.core.MigrationStatus;
import dev.migrationstarter.testsupport.DatabaseServer;
import dev.migrationstarter.testsupport.TestDatabase;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.integration.spring.SpringLiquibase;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.DefaultResourceLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PreparsedChangelogs}: the parse that start-up runs ahead reaches the
 * first reader that parses, and no other.
 *
 * @author migration-starter
 */
class PreparsedChangelogsTests {

	private static final String CHANGELOG = "classpath:db/changelog/autoconfigure-test-changelog.xml";

	private static final String OTHER_CHANGELOG = "classpath:db/changelog/autoconfigure-second-changelog.xml";

	private final TestDatabase database = DatabaseServer.h2().createDatabase();

	@Test
	void theFirstReaderOfTheAnnouncedChangelogComparesWithTheParseRunAhead() throws Exception {
		PreparsedChangelogs preparsed = PreparsedChangelogs.announce(new PreparsedChangelogs.Key(CHANGELOG, null));
		// the parse of another file shows which parse the reader used
		preparsed.complete(parseForTheDatabase(OTHER_CHANGELOG));
		MigrationStatus first = reader(CHANGELOG, preparsed).read();
		MigrationStatus second = reader(CHANGELOG, preparsed).read();
		assertThat(first.pending()).extracting(ChangeRef::id)
			.allMatch((id) -> id.startsWith("db/changelog/autoconfigure-second-changelog.xml::"));
		assertThat(second.pending()).extracting(ChangeRef::id)
			.containsExactly("db/changelog/autoconfigure-test-changelog.xml::1::test");
	}

	@Test
	void aParseOfAnotherChangelogIsDroppedByTheFirstReader() throws Exception {
		PreparsedChangelogs preparsed = PreparsedChangelogs.announce(new PreparsedChangelogs.Key(CHANGELOG, null));
		preparsed.complete(parseForTheDatabase(CHANGELOG));
		PreparsedChangelogs.Key other = new PreparsedChangelogs.Key(OTHER_CHANGELOG, null);
		assertThat(preparsed.take(other, "h2", Duration.ofSeconds(1))).isNull();
		assertThat(preparsed.take(new PreparsedChangelogs.Key(CHANGELOG, null), "h2", Duration.ofSeconds(1)))
			.as("dropped")
			.isNull();
	}

	@Test
	void aParseForAnotherTypeOfDatabaseIsNotTaken() throws Exception {
		PreparsedChangelogs.Key key = new PreparsedChangelogs.Key(CHANGELOG, null);
		PreparsedChangelogs preparsed = PreparsedChangelogs.announce(key);
		preparsed.complete(parseForTheDatabase(CHANGELOG));
		assertThat(preparsed.take(key, "postgresql", Duration.ofSeconds(1))).isNull();
	}

	@Test
	void nothingIsTakenWhenNoParseRanAhead() {
		assertThat(PreparsedChangelogs.none()
			.take(new PreparsedChangelogs.Key(CHANGELOG, null), "h2", Duration.ofSeconds(1))).isNull();
	}

	private PreparsedChangelogs.Preparsed parseForTheDatabase(String changeLog) throws Exception {
		try (Connection connection = this.database.dataSource().getConnection()) {
			Database database = DatabaseFactory.getInstance()
				.findCorrectDatabaseImplementation(new JdbcConnection(connection));
			return PreparsedChangelogs.parse(changeLog, null, new DefaultResourceLoader(), database);
		}
	}

	private ChangelogStatusReader reader(String changeLog, PreparsedChangelogs preparsed) {
		SpringLiquibase liquibase = new SpringLiquibase();
		liquibase.setChangeLog(changeLog);
		return new ChangelogStatusReader(liquibase, new DefaultResourceLoader(), this.database.dataSource(),
				Clock.systemUTC(), null, preparsed);
	}

}
