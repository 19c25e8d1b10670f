package dev.migrationstarter.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import dev.migrationstarter.command.ProcessExit;
import dev.migrationstarter.core.MigrationExitCode;
import dev.migrationstarter.testsupport.DatabaseServer;
import dev.migrationstarter.testsupport.TestDatabase;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.resolver.MigrationResolver;
import org.flywaydb.core.api.resolver.ResolvedMigration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How often a {@code --migrate-only} run of a {@code Flyway} bean has Flyway resolve its
 * migrations and read the schema history: each {@code info()}, {@code validate()} and
 * {@code migrate()} of a freshly loaded {@code Flyway} resolves them once, which a
 * resolver of the test's own counts.
 *
 * @author migration-starter
 */
@ExtendWith(OutputCaptureExtension.class)
class FlywayMigrateOnlyReadsTests {

	private final TestDatabase database = DatabaseServer.h2().createDatabase();

	private final AtomicInteger exitStatus = new AtomicInteger(-1);

	private final CountingResolver resolver = new CountingResolver();

	@TempDir
	Path migrations;

	private ApplicationContextRunner contextRunner;

	@BeforeEach
	void writeMigrations() throws IOException {
		Files.writeString(this.migrations.resolve("V1__create_greeting.sql"),
				"CREATE TABLE greeting (id INT PRIMARY KEY);");
		Files.writeString(this.migrations.resolve("V2__add_text.sql"),
				"ALTER TABLE greeting ADD COLUMN text VARCHAR(20);");
		this.contextRunner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class,
					LifecycleAutoConfiguration.class, MigrationAutoConfiguration.class,
					FlywayMigrationAutoConfiguration.class, RunAndExitAutoConfiguration.class))
			.withPropertyValues("spring.datasource.url=" + this.database.jdbcUrl(),
					"spring.flyway.locations=filesystem:" + this.migrations, "migration.mode=MIGRATE_ONLY")
			.withBean(ProcessExit.class, () -> this.exitStatus::set)
			.withBean(FlywayConfigurationCustomizer.class,
					() -> (configuration) -> configuration.resolvers(this.resolver));
	}

	@Test
	void aRunWithPendingMigrationsReadsOnceBeforeTheLockAndOnceUnderIt(CapturedOutput output) {
		migrateOnly();
		assertThat(this.exitStatus).hasValue(0);
		assertThat(output).contains("Zero-downtime guard judged 2 migration(s) of Flyway 'flyway'");
		assertThat(this.resolver.operations).containsExactly(Operation.INFO, Operation.INFO, Operation.VALIDATE,
				Operation.MIGRATE);
	}

	@Test
	void aRunOnAnUpToDateDatabaseReadsOnceAndValidatesOnce() {
		migrateOnly();
		this.resolver.operations.clear();
		migrateOnly();
		assertThat(this.exitStatus).hasValue(0);
		assertThat(this.resolver.operations).containsExactly(Operation.INFO, Operation.VALIDATE);
	}

	@Test
	void aRunThatTheGuardRefusesReadsOnceAndNeitherValidatesNorMigrates(CapturedOutput output) throws IOException {
		migrateOnly();
		Files.writeString(this.migrations.resolve("V3__drop_text.sql"), "ALTER TABLE greeting DROP COLUMN text;");
		this.resolver.operations.clear();
		migrateOnly();
		assertThat(this.exitStatus).hasValue(MigrationExitCode.UNSAFE_CHANGE.code());
		assertThat(output).contains("Refused 1 unsafe change(s) before applying anything; first: Migration"
				+ " V3__drop_text.sql drop-column");
		assertThat(this.resolver.operations).containsExactly(Operation.INFO);
	}

	private void migrateOnly() {
		this.exitStatus.set(-1);
		this.contextRunner.run((context) -> {
		});
	}

	/**
	 * What a freshly loaded {@code Flyway} was asked to do.
	 */
	enum Operation {

		/**
		 * {@code info()}: a read of the migrations and the schema history.
		 */
		INFO,

		/**
		 * {@code validate()} as {@code migrate} validates, with pending migrations
		 * accepted.
		 */
		VALIDATE,

		/**
		 * {@code migrate()}, with the starter's progress callback.
		 */
		MIGRATE

	}

	/**
	 * Resolves no migration of its own and records each resolution, which Flyway runs
	 * once per operation of a freshly loaded {@code Flyway}.
	 */
	static final class CountingResolver implements MigrationResolver {

		final List<Operation> operations = new CopyOnWriteArrayList<>();

		@Override
		public Collection<ResolvedMigration> resolveMigrations(Context context) {
			this.operations.add(operation(context.configuration));
			return List.of();
		}

		private static Operation operation(Configuration configuration) {
			// reads run none of the application's callbacks; migrate runs the starter's
			if (configuration.getCallbacks().length > 0) {
				return Operation.MIGRATE;
			}
			boolean pendingAccepted = Arrays.stream(configuration.getIgnoreMigrationPatterns())
				.anyMatch((pattern) -> pattern.matchesMigration(true, MigrationState.PENDING));
			return pendingAccepted ? Operation.VALIDATE : Operation.INFO;
		}

	}

}
