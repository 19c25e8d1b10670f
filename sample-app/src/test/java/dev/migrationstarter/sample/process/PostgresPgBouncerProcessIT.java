package dev.migrationstarter.sample.process;

import java.nio.file.Path;

import dev.migrationstarter.sample.process.AppProcess.Result;
import dev.migrationstarter.testsupport.DatabaseServer;
import dev.migrationstarter.testsupport.PgBouncer;
import dev.migrationstarter.testsupport.PgBouncer.PoolMode;
import dev.migrationstarter.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real processes of the sample jar behind a PgBouncer of the test's own: refused with
 * exit code 5 through a transaction pool before anything is locked or applied, migrated
 * through a session pool, and migrated straight to the database while the application's
 * own data source, which {@code --migration-status}, {@code --await-schema} and an
 * up-to-date {@code --migrate-only} read through, stays on the transaction pool.
 *
 * @author migration-starter
 */
class PostgresPgBouncerProcessIT {

	@TempDir
	Path workDir;

	private TestDatabase database;

	private PgBouncer pgBouncer;

	@BeforeEach
	void startPgBouncer() {
		this.database = DatabaseServer.postgres().createDatabase();
		this.pgBouncer = PgBouncer.inFrontOf(this.database);
	}

	@AfterEach
	void stopPgBouncer() {
		if (this.pgBouncer != null) {
			this.pgBouncer.close();
		}
	}

	@Test
	void migrateOnlyThroughATransactionPoolIsRefusedWithExitCodeFiveAndAppliesNothing() {
		Result result = AppProcess.sampleJar(this.workDir, "--migrate-only")
			.named("migrate-transaction-pool")
			.database(this.pgBouncer.database(PoolMode.TRANSACTION))
			.run();
		System.out.println("through the transaction pool: " + result.lastLine());
		assertThat(result.exitCode()).as(result.toString()).isEqualTo(5);
		assertThat(result.lastLine()).contains("Migration failed (exit code 5)")
			.contains("reaches PostgreSQL through a pooler in transaction or statement mode")
			.contains("Next: point spring.liquibase.url at the database directly, or at a session-mode pool");
		assertThat(result.output()).doesNotContain("Acquired migration lock").doesNotContain("Exception");
		assertThat(this.database.appliedChangeSetIds()).isEmpty();
		assertThat(this.database.tableExists("greeting")).isFalse();
	}

	@Test
	void migrateOnlyThroughASessionPoolMigrates() {
		Result result = AppProcess.sampleJar(this.workDir, "--migrate-only")
			.named("migrate-session-pool")
			.database(this.pgBouncer.database(PoolMode.SESSION))
			.run();
		assertThat(result.exitCode()).as(result.toString()).isZero();
		assertThat(result.lastLine()).contains("Migration finished (exit code 0): 4 changesets applied");
		assertThat(this.database.appliedChangeSetIds()).hasSize(4);
	}

	@Test
	void theMigrationGoesStraightToTheDatabaseWhileTheApplicationStaysOnTheTransactionPool() {
		TestDatabase transactionPool = this.pgBouncer.database(PoolMode.TRANSACTION);
		Result behind = AppProcess.sampleJar(this.workDir, "--migration-status")
			.named("status-behind")
			.database(transactionPool)
			.run();
		assertThat(behind.exitCode()).as(behind.toString()).isEqualTo(2);
		assertThat(behind.lastLine()).contains("Migration status (exit code 2): 4 changesets are pending");
		Result migration = AppProcess.sampleJar(this.workDir, "--migrate-only")
			.named("migrate-direct")
			.database(transactionPool)
			.env("SPRING_LIQUIBASE_URL", this.database.jdbcUrl())
			.env("SPRING_LIQUIBASE_USER", this.database.username())
			.env("SPRING_LIQUIBASE_PASSWORD", (this.database.password() != null) ? this.database.password() : "")
			.run();
		assertThat(migration.exitCode()).as(migration.toString()).isZero();
		assertThat(migration.lastLine()).contains("Migration finished (exit code 0): 4 changesets applied");
		Result upToDate = AppProcess.sampleJar(this.workDir, "--migration-status")
			.named("status-up-to-date")
			.database(transactionPool)
			.run();
		assertThat(upToDate.exitCode()).as(upToDate.toString()).isZero();
		assertThat(upToDate.output()).contains("Liquibase 'liquibase': 0 pending, 4 applied, 0 unknown");
		Result await = AppProcess.sampleJar(this.workDir, "--await-schema", "--migration.await.timeout=30s")
			.named("await")
			.database(transactionPool)
			.run();
		assertThat(await.exitCode()).as(await.toString()).isZero();
		Result nothingToDo = AppProcess.sampleJar(this.workDir, "--migrate-only")
			.named("migrate-up-to-date")
			.database(transactionPool)
			.run();
		assertThat(nothingToDo.exitCode()).as(nothingToDo.toString()).isZero();
		assertThat(nothingToDo.output()).contains("the database is up to date, so neither the migration lock nor");
	}

}
