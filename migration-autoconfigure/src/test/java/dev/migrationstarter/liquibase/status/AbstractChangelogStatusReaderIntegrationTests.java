package dev.migrationstarter.liquibase.status;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import dev.migrationstarter.core.ChangeRef;
import dev.migrationstarter.core.MigrationStatus;
import dev.migrationstarter.testsupport.DatabaseKind;
import dev.migrationstarter.testsupport.DatabaseServer;
import dev.migrationstarter.testsupport.TestDatabase;
import liquibase.ChecksumVersion;
import liquibase.Liquibase;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.integration.spring.SpringLiquibase;
import liquibase.resource.DirectoryResourceAccessor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.core.io.DefaultResourceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The contract of {@link ChangelogStatusReader}, run against each database by a thin
 * subclass.
 *
 * @author migration-starter
 */
abstract class AbstractChangelogStatusReaderIntegrationTests {

	private static final String CREATE_A = table("a", "create_a");

	private static final String CREATE_B = table("b", "create_b");

	@TempDir
	Path workDir;

	private TestDatabase database;

	protected abstract DatabaseServer server();

	@BeforeEach
	void createDatabase() {
		this.database = server().createDatabase();
	}

	@Test
	void isBehindWithEveryChangeSetPendingWhenNothingWasAppliedAndCreatesNoTable() throws Exception {
		SpringLiquibase liquibase = liquibase(changelog("app.xml", CREATE_A, CREATE_B));
		MigrationStatus status = reader(liquibase, this.database.dataSource()).read();
		assertThat(status.isUpToDate()).isFalse();
		assertThat(status.pending()).extracting(AbstractChangelogStatusReaderIntegrationTests::changeSetId)
			.containsExactly("a", "b");
		assertThat(status.applied()).isZero();
		assertThat(this.database.tableExists("DATABASECHANGELOG")).isFalse();
		assertThat(this.database.tableExists("DATABASECHANGELOGLOCK")).isFalse();
	}

	@Test
	void isBehindByTheChangeSetsNotYetApplied() throws Exception {
		migrate(liquibase(changelog("app.xml", CREATE_A)));
		MigrationStatus status = reader(liquibase(changelog("app.xml", CREATE_A, CREATE_B)), this.database.dataSource())
			.read();
		assertThat(status.pending()).extracting(AbstractChangelogStatusReaderIntegrationTests::changeSetId)
			.containsExactly("b");
		assertThat(status.applied()).isOne();
		assertThat(status.unknown()).isZero();
	}

	@Test
	void isUpToDateWhenEveryChangeSetWasApplied() throws Exception {
		SpringLiquibase liquibase = liquibase(changelog("app.xml", CREATE_A, CREATE_B));
		migrate(liquibase);
		MigrationStatus status = reader(liquibase(changelog("app.xml", CREATE_A, CREATE_B)), this.database.dataSource())
			.read();
		assertThat(status.isUpToDate()).isTrue();
		assertThat(status.applied()).isEqualTo(2);
		assertThat(status.isAhead()).isFalse();
	}

	@Test
	void isUpToDateAndAheadWhenTheDatabaseHoldsChangeSetsThisVersionDoesNotKnow() throws Exception {
		migrate(liquibase(changelog("app.xml", CREATE_A, CREATE_B)));
		MigrationStatus status = reader(liquibase(changelog("app.xml", CREATE_A)), this.database.dataSource()).read();
		assertThat(status.isUpToDate()).isTrue();
		assertThat(status.unknown()).isOne();
		assertThat(status.isAhead()).isTrue();
	}

	@Test
	void ignoresChangeSetsOutsideTheContextsAndLabelFilter() throws Exception {
		String changelog = changelog("app.xml", CREATE_A,
				"<changeSet id=\"other-context\" author=\"test\" context=\"other\">" + sqlOnly() + "</changeSet>",
				"<changeSet id=\"other-label\" author=\"test\" labels=\"other\">" + sqlOnly() + "</changeSet>");
		SpringLiquibase liquibase = liquibase(changelog);
		liquibase.setContexts("prod");
		liquibase.setLabelFilter("main");
		migrate(liquibase);
		MigrationStatus status = reader(liquibase, this.database.dataSource()).read();
		assertThat(status.isUpToDate()).isTrue();
		assertThat(status.applied()).isOne();
	}

	@Test
	void neverCountsRunAlwaysButCountsAChangedRunOnChange() throws Exception {
		String always = "<changeSet id=\"always\" author=\"test\" runAlways=\"true\">" + sqlOnly() + "</changeSet>";
		String onChange = "<changeSet id=\"on-change\" author=\"test\" runOnChange=\"true\"><sql>SELECT %d</sql></changeSet>";
		migrate(liquibase(changelog("app.xml", CREATE_A, always, onChange.formatted(1))));
		MigrationStatus unchanged = reader(liquibase(changelog("app.xml", CREATE_A, always, onChange.formatted(1))),
				this.database.dataSource())
			.read();
		assertThat(unchanged.isUpToDate()).isTrue();
		MigrationStatus changed = reader(liquibase(changelog("app.xml", CREATE_A, always, onChange.formatted(2))),
				this.database.dataSource())
			.read();
		assertThat(changed.pending()).extracting(AbstractChangelogStatusReaderIntegrationTests::changeSetId)
			.containsExactly("on-change");
	}

	@Test
	void readsACustomChangelogTable() throws Exception {
		SpringLiquibase liquibase = liquibase(changelog("app.xml", CREATE_A));
		liquibase.setDatabaseChangeLogTable("APP_CHANGELOG");
		liquibase.setDatabaseChangeLogLockTable("APP_CHANGELOG_LOCK");
		migrate(liquibase);
		SpringLiquibase reading = liquibase(changelog("app.xml", CREATE_A));
		reading.setDatabaseChangeLogTable("APP_CHANGELOG");
		assertThat(reader(reading, this.database.dataSource()).read().isUpToDate()).isTrue();
		assertThat(reader(liquibase(changelog("app.xml", CREATE_A)), this.database.dataSource()).read().isUpToDate())
			.as("the default table does not exist")
			.isFalse();
	}

	@Test
	void readsAChangelogTableInACustomSchema() throws Exception {
		String schema = "mt_lb_" + Long.toHexString(System.nanoTime());
		this.database.jdbc()
			.execute(((server().kind() == DatabaseKind.MARIADB) ? "CREATE DATABASE " : "CREATE SCHEMA ") + schema);
		SpringLiquibase liquibase = liquibase(changelog("app.xml", CREATE_A));
		liquibase.setLiquibaseSchema(schema);
		migrate(liquibase);
		SpringLiquibase reading = liquibase(changelog("app.xml", CREATE_A, CREATE_B));
		reading.setLiquibaseSchema(schema);
		MigrationStatus status = reader(reading, this.database.dataSource()).read();
		assertThat(status.pending()).extracting(AbstractChangelogStatusReaderIntegrationTests::changeSetId)
			.containsExactly("b");
		assertThat(status.applied()).isOne();
		assertThat(this.database.tableExists("DATABASECHANGELOG")).as("nothing in the default schema").isFalse();
	}

	@Test
	void findsAnUpdateNeedlessOnlyWhenEveryChangeSetIsAppliedUnchanged() throws Exception {
		assertThat(reader(liquibase(changelog("app.xml", CREATE_A, CREATE_B)), this.database.dataSource())
			.isUpToDateForUpdate()).as("nothing applied").isFalse();
		migrate(liquibase(changelog("app.xml", CREATE_A)));
		String both = changelog("app.xml", CREATE_A, CREATE_B);
		assertThat(reader(liquibase(both), this.database.dataSource()).isUpToDateForUpdate()).as("b pending").isFalse();
		migrate(liquibase(both));
		assertThat(reader(liquibase(both), this.database.dataSource()).isUpToDateForUpdate()).isTrue();
		assertThat(reader(liquibase(changelog("app.xml", CREATE_A)), this.database.dataSource()).isUpToDateForUpdate())
			.as("ahead")
			.isTrue();
	}

	@Test
	void findsAnUpdateNeededWithoutAChangelogTableEvenForAChangelogWithNoChangeSets() throws Exception {
		assertThat(reader(liquibase(changelog("app.xml")), this.database.dataSource()).isUpToDateForUpdate())
			.as("the update would create Liquibase's tables")
			.isFalse();
	}

	@Test
	void answersWithoutAParseOnlyFromTheIndexOrAnEarlierAnswer() throws Exception {
		SpringLiquibase liquibase = liquibase(changelog("app.xml", CREATE_A, CREATE_B));
		assertThat(indexedReader(liquibase, this.database.dataSource()).isKnownUpToDateForUpdate())
			.as("no changelog table")
			.isFalse();
		migrate(liquibase);
		ChangelogStatusReader waiting = indexedReader(liquibase, this.database.dataSource());
		assertThat(waiting.isKnownUpToDateForUpdate()).as("up to date, but only a parse could tell").isFalse();
		assertThat(waiting.isUpToDateForUpdate()).isTrue();
		assertThat(waiting.isKnownUpToDateForUpdate()).as("after the parse").isTrue();
		assertThat(waiting.saveIndex()).isTrue();
		assertThat(indexedReader(liquibase, this.database.dataSource()).isKnownUpToDateForUpdate()).as("from the index")
			.isTrue();
	}

	@Test
	void findsAnUpdateNeededForAnEditedChangeSetThatTheUpdateWouldReject() throws Exception {
		migrate(liquibase(changelog("app.xml", CREATE_A)));
		String edited = changelog("app.xml", table("a", "create_a_edited"));
		assertThat(reader(liquibase(edited), this.database.dataSource()).isUpToDateForUpdate()).isFalse();
	}

	@Test
	void findsAnUpdateNeededForARunAlwaysChangeSet() throws Exception {
		String changelog = changelog("app.xml", CREATE_A,
				"<changeSet id=\"always\" author=\"test\" runAlways=\"true\">" + sqlOnly() + "</changeSet>");
		migrate(liquibase(changelog));
		assertThat(reader(liquibase(changelog), this.database.dataSource()).isUpToDateForUpdate()).isFalse();
	}

	@Test
	void findsAnUpdateNeededForChangelogPreconditions() throws Exception {
		String changelog = changelog("app.xml",
				"<preConditions><sqlCheck expectedResult=\"1\">SELECT 1</sqlCheck>" + "</preConditions>", CREATE_A);
		migrate(liquibase(changelog));
		assertThat(reader(liquibase(changelog), this.database.dataSource()).isUpToDateForUpdate()).isFalse();
	}

	@Test
	void findsAnUpdateNeededWhileLiquibasesChangelogLockIsHeld() throws Exception {
		String changelog = changelog("app.xml", CREATE_A);
		migrate(liquibase(changelog));
		this.database.jdbc()
			.update("UPDATE DATABASECHANGELOGLOCK SET LOCKED = ?, LOCKEDBY = ? WHERE ID = 1", true, "stale-pod");
		assertThat(reader(liquibase(changelog), this.database.dataSource()).isUpToDateForUpdate()).isFalse();
		this.database.jdbc().update("UPDATE DATABASECHANGELOGLOCK SET LOCKED = ?, LOCKEDBY = NULL WHERE ID = 1", false);
		assertThat(reader(liquibase(changelog), this.database.dataSource()).isUpToDateForUpdate()).isTrue();
	}

	@Test
	void readsTheChangesetsThatTheMigrationLeftInTheIndexInsteadOfParsing() throws Exception {
		SpringLiquibase liquibase = liquibase(changelog("app.xml", CREATE_A, CREATE_B));
		migrate(liquibase);
		assertThat(indexedReader(liquibase, this.database.dataSource()).saveIndex()).isTrue();
		String kept = this.database.jdbc()
			.queryForObject("SELECT changesets FROM migration_changelog_index", String.class);
		String withoutB = kept.lines()
			.filter((line) -> !line.contains("\tb\ttest"))
			.map((line) -> line + "\n")
			.collect(Collectors.joining());
		assertThat(withoutB).isNotEqualTo(kept);
		this.database.jdbc().update("UPDATE migration_changelog_index SET changesets = ?", withoutB);
		MigrationStatus status = indexedReader(liquibase(changelog("app.xml", CREATE_A, CREATE_B)),
				this.database.dataSource())
			.read();
		assertThat(status.applied()).as("only what the index holds is expected").isOne();
		assertThat(status.unknownChanges()).extracting(AbstractChangelogStatusReaderIntegrationTests::changeSetId)
			.containsExactly("b");
	}

	@Test
	void findsAnUpToDateDatabaseFromTheIndexWithoutParsing() throws Exception {
		SpringLiquibase liquibase = liquibase(changelog("app.xml", CREATE_A, CREATE_B));
		migrate(liquibase);
		assertThat(indexedReader(liquibase, this.database.dataSource()).saveIndex()).isTrue();
		assertThat(indexedReader(liquibase, this.database.dataSource()).isUpToDateForUpdate()).isTrue();
		String kept = this.database.jdbc()
			.queryForObject("SELECT changesets FROM migration_changelog_index", String.class);
		String storedChecksumOfA = this.database.jdbc()
			.queryForObject("SELECT MD5SUM FROM DATABASECHANGELOG WHERE ID = 'a'", String.class);
		assertThat(kept).contains(storedChecksumOfA);
		this.database.jdbc()
			.update("UPDATE migration_changelog_index SET changesets = ?",
					kept.replace(storedChecksumOfA, "9:00000000000000000000000000000000"));
		assertThat(indexedReader(liquibase, this.database.dataSource()).isUpToDateForUpdate())
			.as("the checksum the index holds, not the one a parse gives, is compared")
			.isFalse();
		assertThat(reader(liquibase, this.database.dataSource()).isUpToDateForUpdate()).as("without the index")
			.isTrue();
	}

	@Test
	void aReaderThatReadTheStatusFirstStillComparesEveryChecksumForAnUpdateAndTheIndex() throws Exception {
		SpringLiquibase liquibase = liquibase(changelog("app.xml", CREATE_A, CREATE_B));
		migrate(liquibase);
		ChangelogStatusReader statusFirst = indexedReader(liquibase, this.database.dataSource());
		assertThat(statusFirst.read().isUpToDate()).isTrue();
		assertThat(statusFirst.isUpToDateForUpdate()).isTrue();
		ChangelogStatusReader savingAfterARead = indexedReader(liquibase, this.database.dataSource());
		assertThat(savingAfterARead.read().isUpToDate()).isTrue();
		assertThat(savingAfterARead.saveIndex()).isTrue();
		assertThat(
				this.database.jdbc().queryForObject("SELECT changesets FROM migration_changelog_index", String.class))
			.as("the index holds every checksum")
			.contains(this.database.jdbc()
				.queryForList("SELECT MD5SUM FROM DATABASECHANGELOG", String.class)
				.toArray(String[]::new));
		assertThat(indexedReader(liquibase, this.database.dataSource()).isUpToDateForUpdate()).isTrue();
	}

	@Test
	void keepsTheChangelogsOwnPreconditionsInTheIndex() throws Exception {
		String changelog = changelog("app.xml",
				"<preConditions><sqlCheck expectedResult=\"1\">SELECT 1</sqlCheck>" + "</preConditions>", CREATE_A);
		migrate(liquibase(changelog));
		assertThat(indexedReader(liquibase(changelog), this.database.dataSource()).saveIndex()).isTrue();
		String kept = this.database.jdbc()
			.queryForObject("SELECT changesets FROM migration_changelog_index", String.class);
		assertThat(kept.lines()).first().isEqualTo("P");
		assertThat(indexedReader(liquibase(changelog), this.database.dataSource()).isUpToDateForUpdate()).isFalse();
		this.database.jdbc()
			.update("UPDATE migration_changelog_index SET changesets = ?", kept.substring("P\n".length()));
		assertThat(indexedReader(liquibase(changelog), this.database.dataSource()).isUpToDateForUpdate())
			.as("the index, not a parse, answers")
			.isTrue();
	}

	@Test
	void parsesAgainWhenAFileOfTheChangelogDirectoryChanged() throws Exception {
		SpringLiquibase liquibase = liquibase(changelog("app.xml", CREATE_A));
		migrate(liquibase);
		assertThat(indexedReader(liquibase, this.database.dataSource()).saveIndex()).isTrue();
		MigrationStatus status = indexedReader(liquibase(changelog("app.xml", CREATE_A, CREATE_B)),
				this.database.dataSource())
			.read();
		assertThat(status.pending()).extracting(AbstractChangelogStatusReaderIntegrationTests::changeSetId)
			.containsExactly("b");
	}

	@Test
	void parsesAgainWhenAnOptionalIncludedFileAppears() throws Exception {
		String changelog = changelog("app.xml", CREATE_A,
				"<include file=\"later.xml\" relativeToChangelogFile=\"true\" errorIfMissing=\"false\"/>");
		migrate(liquibase(changelog));
		assertThat(indexedReader(liquibase(changelog), this.database.dataSource()).saveIndex()).isTrue();
		Files.writeString(this.workDir.resolve("later.xml"), changelogContent(CREATE_B));
		MigrationStatus status = indexedReader(liquibase(changelog), this.database.dataSource()).read();
		assertThat(status.pending()).extracting(AbstractChangelogStatusReaderIntegrationTests::changeSetId)
			.containsExactly("b");
	}

	@Test
	void parsesAgainForOtherContexts() throws Exception {
		String changelog = changelog("app.xml", CREATE_A,
				"<changeSet id=\"other-context\" author=\"test\" context=\"other\">" + sqlOnly() + "</changeSet>");
		SpringLiquibase prod = liquibase(changelog);
		prod.setContexts("prod");
		migrate(prod);
		assertThat(indexedReader(prod, this.database.dataSource()).saveIndex()).isTrue();
		SpringLiquibase other = liquibase(changelog);
		other.setContexts("other");
		MigrationStatus status = indexedReader(other, this.database.dataSource()).read();
		assertThat(status.pending()).extracting(AbstractChangelogStatusReaderIntegrationTests::changeSetId)
			.containsExactly("other-context");
	}

	@Test
	void indexesNoChangelogThatRefersToAPropertyOfTheLogin() throws Exception {
		SpringLiquibase liquibase = liquibase(changelog("app.xml", CREATE_A,
				"<changeSet id=\"schema\" author=\"test\"><sql>SELECT '${database.defaultSchemaName}'</sql></changeSet>"));
		migrate(liquibase);
		assertThat(indexedReader(liquibase, this.database.dataSource()).saveIndex()).isFalse();
	}

	@Test
	void indexesNoChangelogThatReadsAFileOutsideItsDirectory() throws Exception {
		Path shared = Files.createTempDirectory("shared-changelog");
		Files.writeString(shared.resolve("shared.xml"), changelogContent(CREATE_B));
		SpringLiquibase liquibase = liquibase(changelog("app.xml", CREATE_A,
				"<include file=\"file:" + shared.resolve("shared.xml").toAbsolutePath() + "\"/>"));
		migrate(liquibase);
		assertThat(indexedReader(liquibase, this.database.dataSource()).saveIndex()).isFalse();
		assertThat(indexedReader(liquibase, this.database.dataSource()).read().isUpToDate()).isTrue();
	}

	/**
	 * Run by the subclasses of databases that have logins.
	 * @throws Exception on failure
	 */
	protected void assertWorksForALoginThatMayOnlySelect() throws Exception {
		String changelog = changelog("app.xml", CREATE_A);
		migrate(liquibase(changelog));
		String user = "mt_reader_" + Long.toHexString(System.nanoTime());
		TestDatabase reader = server().createRuntimeLogin(this.database, user, "reader-password");
		this.database.jdbc().execute("GRANT SELECT ON DATABASECHANGELOG TO " + grantee(user));
		assertThat(indexedReader(liquibase(changelog), this.database.dataSource()).saveIndex()).isTrue();
		MigrationStatus status = indexedReader(liquibase(changelog("app.xml", CREATE_A, CREATE_B)), reader.dataSource())
			.read();
		assertThat(status.pending()).as("the changelog changed, and the index table is not readable either")
			.extracting(AbstractChangelogStatusReaderIntegrationTests::changeSetId)
			.containsExactly("b");
		assertThat(indexedReader(liquibase(changelog("app.xml", CREATE_A)), reader.dataSource()).read().applied())
			.as("the index table is not readable")
			.isOne();
	}

	@Test
	void validationNamesAnAppliedChangeSetThatWasEdited() throws Exception {
		migrate(liquibase(changelog("app.xml", CREATE_A, CREATE_B)));
		SpringLiquibase edited = liquibase(changelog("app.xml", CREATE_A, table("b", "create_b_edited")));
		assertThat(reader(edited, this.database.dataSource()).read().isUpToDate()).as("a read without validation")
			.isTrue();
		assertThatExceptionOfType(EditedChangeSetsException.class)
			.isThrownBy(() -> reader(edited, this.database.dataSource()).readAndValidate())
			.satisfies((ex) -> assertThat(ex.isChangelogProblem()).isTrue())
			.satisfies((ex) -> assertThat(ex.getChangeSets()).extracting(ChangeSetRef::id).containsExactly("b"))
			.withMessageContaining("app.xml::b::test");
	}

	@Test
	void validationAcceptsAValidCheckSumAndTheChecksumOfAnOlderAlgorithm() throws Exception {
		migrate(liquibase(changelog("app.xml", CREATE_A, CREATE_B)));
		String editedWithValidCheckSum = "<changeSet id=\"b\" author=\"test\"><validCheckSum>ANY</validCheckSum>"
				+ "<createTable tableName=\"create_b_edited\"><column name=\"id\" type=\"INT\"/></createTable></changeSet>";
		assertThat(
				reader(liquibase(changelog("app.xml", CREATE_A, editedWithValidCheckSum)), this.database.dataSource())
					.readAndValidate()
					.isUpToDate())
			.isTrue();
		this.database.jdbc()
			.update("UPDATE DATABASECHANGELOG SET MD5SUM = ? WHERE ID = 'a'", checksumOfAnOlderAlgorithm(CREATE_A));
		MigrationStatus status = reader(liquibase(changelog("app.xml", CREATE_A, CREATE_B)), this.database.dataSource())
			.readAndValidate();
		assertThat(status.isUpToDate()).isTrue();
		assertThat(status.applied()).isEqualTo(2);
	}

	@Test
	void validationCountsAnEditedRunOnChangeChangeSetAsPendingNotEdited() throws Exception {
		String onChange = "<changeSet id=\"on-change\" author=\"test\" runOnChange=\"true\"><sql>SELECT %d</sql></changeSet>";
		migrate(liquibase(changelog("app.xml", CREATE_A, onChange.formatted(1))));
		MigrationStatus status = reader(liquibase(changelog("app.xml", CREATE_A, onChange.formatted(2))),
				this.database.dataSource())
			.readAndValidate();
		assertThat(status.pending()).extracting(AbstractChangelogStatusReaderIntegrationTests::changeSetId)
			.containsExactly("on-change");
	}

	private String checksumOfAnOlderAlgorithm(String changeSet) throws Exception {
		Path directory = Files.createDirectories(this.workDir.resolve("older"));
		Files.writeString(directory.resolve("older.xml"), changelogContent(changeSet));
		try (Connection connection = this.database.dataSource().getConnection()) {
			Database database = DatabaseFactory.getInstance()
				.findCorrectDatabaseImplementation(new JdbcConnection(connection));
			Liquibase liquibase = new Liquibase("older.xml", new DirectoryResourceAccessor(directory), database);
			String checksum = liquibase.getDatabaseChangeLog()
				.getChangeSets()
				.get(0)
				.generateCheckSum(ChecksumVersion.V8)
				.toString();
			assertThat(checksum).startsWith("8:");
			return checksum;
		}
	}

	private String grantee(String user) {
		return (server().kind() == DatabaseKind.MARIADB) ? "'" + user + "'@'%'" : user;
	}

	private static String table(String id, String table) {
		return "<changeSet id=\"" + id + "\" author=\"test\"><createTable tableName=\"" + table
				+ "\"><column name=\"id\" type=\"INT\"/></createTable></changeSet>";
	}

	private static String sqlOnly() {
		return "<sql>SELECT 1</sql>";
	}

	private String changelog(String name, String... changeSets) throws IOException {
		Path file = this.workDir.resolve(name);
		Files.writeString(file, changelogContent(changeSets));
		return "file:" + file.toAbsolutePath();
	}

	private static String changelogContent(String... changeSets) {
		return """
				<?xml version="1.0" encoding="UTF-8"?>
				<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog"
						xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
						xsi:schemaLocation="http://www.liquibase.org/xml/ns/dbchangelog https://www.liquibase.org/xml/ns/dbchangelog/dbchangelog-latest.xsd">
				%s
				</databaseChangeLog>
				"""
			.formatted(String.join("\n", changeSets));
	}

	private SpringLiquibase liquibase(String changelog) {
		SpringLiquibase liquibase = new SpringLiquibase();
		liquibase.setDataSource(this.database.dataSource());
		liquibase.setChangeLog(changelog);
		liquibase.setResourceLoader(new DefaultResourceLoader());
		liquibase.setAnalyticsEnabled(false);
		return liquibase;
	}

	private static void migrate(SpringLiquibase liquibase) throws Exception {
		liquibase.afterPropertiesSet();
	}

	private static ChangelogStatusReader indexedReader(SpringLiquibase liquibase, DataSource dataSource) {
		return new ChangelogStatusReader(liquibase, new DefaultResourceLoader(), dataSource, Clock.systemUTC(),
				new ChangelogIndex("migration_changelog_index"), PreparsedChangelogs.none());
	}

	private static ChangelogStatusReader reader(SpringLiquibase liquibase, DataSource dataSource) {
		return new ChangelogStatusReader(liquibase, new DefaultResourceLoader(), dataSource, Clock.systemUTC());
	}

	// the neutral status names a changeset file::id::author
	private static String changeSetId(ChangeRef ref) {
		return ref.id().split("::")[1];
	}

}
