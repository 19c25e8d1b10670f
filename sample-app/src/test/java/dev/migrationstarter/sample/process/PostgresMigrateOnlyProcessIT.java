package dev.migrationstarter.sample.process;

import dev.migrationstarter.sample.process.AppProcess.Result;
import dev.migrationstarter.testsupport.DatabaseServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --migrate-only} processes against PostgreSQL.
 *
 * @author migration-starter
 */
class PostgresMigrateOnlyProcessIT extends AbstractMigrateOnlyProcessIT {

	@Override
	protected DatabaseServer server() {
		return DatabaseServer.postgres();
	}

	@Test
	void honoursContextsLabelsSchemasTableNamesParametersAndTag() {
		this.database.jdbc().execute("CREATE SCHEMA app");
		this.database.jdbc().execute("CREATE SCHEMA lb");
		String changelog = Changelogs.write(this.workDir.resolve("settings.xml"),
				"""
						<changeSet id="prod" author="test" context="prod"><createTable tableName="prod_only"><column name="id" type="INT"/></createTable></changeSet>
						<changeSet id="test" author="test" context="test"><createTable tableName="test_only"><column name="id" type="INT"/></createTable></changeSet>
						<changeSet id="label-a" author="test" labels="a"><createTable tableName="labelled_a"><column name="id" type="INT"/></createTable></changeSet>
						<changeSet id="label-b" author="test" labels="b"><createTable tableName="labelled_b"><column name="id" type="INT"/></createTable></changeSet>
						<changeSet id="parameter" author="test"><createTable tableName="${tableName}"><column name="id" type="INT"/></createTable></changeSet>
						<changeSet id="tag" author="test"><tagDatabase tag="release-7"/></changeSet>
						<changeSet id="after-tag" author="test"><createTable tableName="after_tag"><column name="id" type="INT"/></createTable></changeSet>""");
		Result result = AppProcess
			.sampleJar(this.workDir, "--migrate-only", changelog, "--spring.liquibase.contexts=prod",
					"--spring.liquibase.label-filter=a", "--spring.liquibase.default-schema=app",
					"--spring.liquibase.liquibase-schema=lb",
					"--spring.liquibase.database-change-log-table=app_changelog",
					"--spring.liquibase.database-change-log-lock-table=app_changelog_lock",
					"--spring.liquibase.parameters.tableName=from_parameter", "--spring.liquibase.tag=release-7")
			.named("settings")
			.database(this.database)
			.run();
		assertThat(result.exitCode()).as(result.toString()).isZero();
		assertThat(this.database.jdbc()
			.queryForList("SELECT id FROM lb.app_changelog ORDER BY orderexecuted", String.class))
			.containsExactly("prod", "label-a", "parameter", "tag");
		assertThat(
				this.database.jdbc().queryForObject("SELECT tag FROM lb.app_changelog WHERE id = 'tag'", String.class))
			.isEqualTo("release-7");
		assertThat(this.database.tableExists("app.after_tag")).as("spring.liquibase.tag updates up to the tag")
			.isFalse();
		assertThat(this.database.tableExists("lb.app_changelog_lock")).isTrue();
		assertThat(this.database.tableExists("app.prod_only")).isTrue();
		assertThat(this.database.tableExists("app.labelled_a")).isTrue();
		assertThat(this.database.tableExists("app.from_parameter")).isTrue();
		assertThat(this.database.tableExists("app.test_only")).isFalse();
		assertThat(this.database.tableExists("app.labelled_b")).isFalse();
		assertThat(this.database.tableExists("public.databasechangelog")).isFalse();
	}

}
