package dev.migrationstarter.sample.process;

import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import dev.migrationstarter.sample.process.AppProcess.Result;
import dev.migrationstarter.testsupport.DatabaseServer;
import dev.migrationstarter.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Operator modes as real processes against PostgreSQL.
 *
 * @author migration-starter
 */
class PostgresOperatorModesProcessIT extends AbstractOperatorModesProcessIT {

	@Override
	protected TestDatabase createDatabase(Path workDir) {
		return DatabaseServer.postgres().createDatabase();
	}

	@Override
	protected String unreachableUrl() {
		return DatabaseServer.postgres().closedPortUrl();
	}

	@Test
	void theDryRunsStandardOutputIsASqlScriptThatPsqlApplies() throws Exception {
		assumeTrue(Stream.of(System.getenv("PATH").split(File.pathSeparator))
			.anyMatch((directory) -> Files.isExecutable(Path.of(directory, "psql"))), "psql is not installed");
		Result dryRun = AppProcess.sampleJar(this.workDir, "--migrate-only", "--dry-run")
			.named("dry-run-plan")
			.database(this.database)
			.separateStandardError()
			.run();
		assertThat(dryRun.exitCode()).as(dryRun.toString()).isZero();
		Path plan = this.workDir.resolve("plan.sql");
		Files.writeString(plan, dryRun.standardOutput());
		TestDatabase scratch = DatabaseServer.postgres().createDatabase();
		URI url = URI.create(scratch.jdbcUrl().substring("jdbc:".length()));
		Result psql = AppProcess
			.command(this.workDir, "psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", url.getHost(), "-p",
					String.valueOf(url.getPort()), "-U", scratch.username(), "-d", url.getPath().substring(1), "-f",
					plan.toString())
			.named("psql")
			.env("PGPASSWORD", scratch.password())
			.run();
		assertThat(psql.exitCode()).as(psql.toString()).isZero();
		assertThat(scratch.appliedChangeSetIds()).containsExactly("v1-1-create-greeting", "v1-2-seed-greeting",
				"v2-1-add-greeting-language", "v2-2-seed-greeting-languages");
		assertThat(scratch.jdbc().queryForList("select language from greeting", String.class)).isNotEmpty();
		assertThat(this.database.tableExists("greeting")).isFalse();
	}

}
