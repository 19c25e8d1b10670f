package dev.migrationstarter.sample.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The rolling deploy of the sample's Flyway twin.
 *
 * @author migration-starter
 */
class PostgresFlywayRollingDeployIT extends AbstractRollingDeployIT {

	@Override
	protected List<String> engineArguments() {
		return List.of("--spring.profiles.active=flyway");
	}

	@Override
	protected String changesNoun() {
		return "migrations";
	}

	@Override
	protected List<String> appliedIds() {
		return this.database.jdbc()
			.queryForList("SELECT version FROM flyway_schema_history WHERE success AND version IS NOT NULL "
					+ "ORDER BY installed_rank", String.class);
	}

	@Override
	protected List<String> releaseOneIds() {
		return List.of("1.1", "1.2");
	}

	@Override
	protected List<String> releaseTwoIds() {
		return List.of("1.1", "1.2", "2.1", "2.2");
	}

	@Override
	protected String releaseTwoFirstChange() {
		return "V2_1__add_greeting_language.sql";
	}

	@Override
	protected String writeReleaseThree() {
		Path release3 = this.workDir.resolve("release-3");
		try {
			Files.createDirectories(release3);
			Files.writeString(release3.resolve("V3_1__create_farewell.sql"), "CREATE TABLE farewell (id BIGINT);\n");
			Files.writeString(release3.resolve("V3_2__archive_greetings.sql"),
					"CREATE TABLE greeting_archive (id BIGINT);\n"
							+ "INSERT INTO greeting_archive SELECT id FROM no_such_table;\n");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return "--spring.flyway.locations=classpath:db/migration/v1,classpath:db/migration/v2,filesystem:" + release3;
	}

	@Override
	protected String releaseThreeFirstId() {
		return "3.1";
	}

	@Override
	protected String releaseThreeFailingChange() {
		return "V3_2__archive_greetings.sql";
	}

}
