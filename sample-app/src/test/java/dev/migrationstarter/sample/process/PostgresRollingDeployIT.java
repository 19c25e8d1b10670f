package dev.migrationstarter.sample.process;

import java.util.List;

/**
 * The rolling deploy of the sample migrated by Liquibase.
 *
 * @author migration-starter
 */
class PostgresRollingDeployIT extends AbstractRollingDeployIT {

	@Override
	protected List<String> engineArguments() {
		return List.of();
	}

	@Override
	protected String changesNoun() {
		return "changesets";
	}

	@Override
	protected List<String> appliedIds() {
		return this.database.appliedChangeSetIds();
	}

	@Override
	protected List<String> releaseOneIds() {
		return List.of("v1-1-create-greeting", "v1-2-seed-greeting");
	}

	@Override
	protected List<String> releaseTwoIds() {
		return List.of("v1-1-create-greeting", "v1-2-seed-greeting", "v2-1-add-greeting-language",
				"v2-2-seed-greeting-languages");
	}

	@Override
	protected String releaseTwoFirstChange() {
		return "v2-1-add-greeting-language";
	}

	@Override
	protected String writeReleaseThree() {
		return Changelogs.write(this.workDir.resolve("release-3.xml"),
				"<include file=\"classpath:db/changelog/release-2.xml\"/>",
				Changelogs.createTable("v3-1-create-farewell", "farewell"), """
						<changeSet id="v3-2-archive-greetings" author="test">
							<createTable tableName="greeting_archive">
								<column name="id" type="BIGINT"/>
							</createTable>
							<sql>INSERT INTO greeting_archive SELECT id FROM no_such_table</sql>
						</changeSet>""");
	}

	@Override
	protected String releaseThreeFirstId() {
		return "v3-1-create-farewell";
	}

	@Override
	protected String releaseThreeFailingChange() {
		return "v3-2-archive-greetings";
	}

}
