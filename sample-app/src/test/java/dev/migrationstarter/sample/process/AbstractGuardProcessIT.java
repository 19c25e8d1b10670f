package dev.migrationstarter.sample.process;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.migrationstarter.sample.process.AppProcess.Result;
import dev.migrationstarter.testsupport.DatabaseKind;
import dev.migrationstarter.testsupport.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The zero-downtime guard as real processes of the sample jar: a release that would break
 * the running one is named by {@code --migration-status}, refused by
 * {@code --migrate-only} until acknowledged, and an expand-only release passes. Run
 * against each database by a thin subclass.
 *
 * @author migration-starter
 */
abstract class AbstractGuardProcessIT {

	@TempDir
	Path workDir;

	TestDatabase database;

	protected abstract TestDatabase createDatabase();

	/**
	 * The changesets of an expand-only release on this database: a nullable column and an
	 * index built without blocking writes.
	 * @return the changesets
	 */
	protected abstract List<String> expandOnlyChangeSets();

	@BeforeEach
	void migrateReleaseOne() {
		this.database = createDatabase();
		String releaseOne = Changelogs.write(changelog(), releaseOne());
		Result migrated = app("release-1", "--migrate-only", releaseOne).run();
		assertThat(migrated.exitCode()).as(migrated.toString()).isZero();
	}

	@Test
	void aReleaseThatDropsAColumnTheRunningOneReadsIsNamedRefusedAndRunsOnceAcknowledged() {
		Path file = changelog();
		String releaseTwo = Changelogs.write(file, releaseOne(),
				Changelogs.sql("2-drop-note", "alter table guarded drop column note"));
		String changeSet = "file:" + file.toAbsolutePath() + "::2-drop-note::test";

		Result status = app("status", "--migration-status", releaseTwo).run();
		assertThat(status.exitCode()).as(status.toString()).isEqualTo(2);
		assertThat(status.standardOutput()).contains("  unsafe   " + changeSet + "  drop-column: ");
		assertThat(status.lastLine()).contains("1 unsafe change(s) are not acknowledged");

		Result refused = app("refused", "--migrate-only", releaseTwo).run();
		assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(6);
		assertThat(refused.lastLine()).contains("Migration failed (exit code 6)")
			.contains("Changeset " + changeSet + " drop-column")
			.contains("migration.guard.acknowledge=" + changeSet + "::drop-column");
		assertThat(this.database.appliedChangeSetIds()).containsExactly("1-create-guarded");
		assertThat(columns()).contains("note");

		Result acknowledged = app("acknowledged", "--migrate-only", releaseTwo,
				"--migration.guard.acknowledge=" + changeSet + "::drop-column")
			.run();
		assertThat(acknowledged.exitCode()).as(acknowledged.toString()).isZero();
		assertThat(columns()).doesNotContain("note");
	}

	@Test
	void anAcknowledgementInTheChangeSetsCommentLetsItRun() {
		String releaseTwo = Changelogs.write(changelog(), releaseOne(), """
				<changeSet id="2-drop-note" author="test">
					<comment>Release 1 no longer reads it. migration-guard: acknowledge drop-column</comment>
					<dropColumn tableName="guarded" columnName="note"/>
				</changeSet>""");
		Result migrated = app("comment-acknowledged", "--migrate-only", releaseTwo).run();
		assertThat(migrated.exitCode()).as(migrated.toString()).isZero();
		assertThat(migrated.output()).contains("Acknowledged: ").contains("drop-column");
		assertThat(columns()).doesNotContain("note");
	}

	@Test
	void anExpandOnlyReleasePassesWithoutAFinding() {
		List<String> changeSets = new ArrayList<>(List.of(releaseOne()));
		changeSets.addAll(expandOnlyChangeSets());
		String releaseTwo = Changelogs.write(changelog(), changeSets.toArray(String[]::new));
		Result status = app("expand-status", "--migration-status", releaseTwo).run();
		assertThat(status.exitCode()).as(status.toString()).isEqualTo(2);
		assertThat(status.standardOutput()).doesNotContain("unsafe");
		Result migrated = app("expand", "--migrate-only", releaseTwo).run();
		assertThat(migrated.exitCode()).as(migrated.toString()).isZero();
		assertThat(migrated.output()).doesNotContain("Unsafe change");
	}

	@Test
	void anUnknownRuleInAnAcknowledgementStopsTheProcessBeforeAnythingRuns() {
		Result result = app("unknown-rule", "--migrate-only", "--migration.guard.acknowledge=a.xml::1::me::drop-it")
			.run();
		assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
		assertThat(result.output()).contains("unknown rule 'drop-it'").doesNotContain("\tat ");
	}

	private List<String> columns() {
		// MariaDB's information_schema spans every database of the server
		String thisDatabase = (this.database.kind() == DatabaseKind.MARIADB) ? " and table_schema = database()" : "";
		return this.database.jdbc()
			.queryForList(
					"select lower(column_name) from information_schema.columns where lower(table_name) = 'guarded'"
							+ thisDatabase,
					String.class);
	}

	// one file for both releases: the file is part of a changeset's identity
	private Path changelog() {
		return this.workDir.resolve("changelog.xml");
	}

	private static String releaseOne() {
		return Changelogs.sql("1-create-guarded", "create table guarded (id bigint primary key, note varchar(20))");
	}

	private AppProcess.Builder app(String name, String... args) {
		return AppProcess.sampleJar(this.workDir, args).named(name).database(this.database).separateStandardError();
	}

}
