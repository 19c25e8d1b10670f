package dev.migrationstarter.flyway;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

import javax.sql.DataSource;

import dev.migrationstarter.core.ChangeProgress;
import dev.migrationstarter.core.ChangeRef;
import dev.migrationstarter.core.MigrationEngine;
import dev.migrationstarter.core.MigrationException;
import dev.migrationstarter.core.MigrationExitCode;
import dev.migrationstarter.core.MigrationRun;
import dev.migrationstarter.core.MigrationSession;
import dev.migrationstarter.core.MigrationStatus;
import dev.migrationstarter.core.PendingChange;
import dev.migrationstarter.core.StatusUnavailableException;
import dev.migrationstarter.lock.DatabaseMigrationLock;
import dev.migrationstarter.lock.HeldMigrationLock;
import dev.migrationstarter.lock.LockSettings;
import dev.migrationstarter.testsupport.DatabaseKind;
import dev.migrationstarter.testsupport.DatabaseServer;
import dev.migrationstarter.testsupport.TestDatabase;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The contract of {@link FlywayTarget}, run against each database by a thin subclass.
 *
 * @author migration-starter
 */
abstract class AbstractFlywayTargetIntegrationTests {

	private static final String HISTORY = "flyway_schema_history";

	@TempDir
	Path migrations;

	protected TestDatabase database;

	private final List<Runnable> cleanups = new ArrayList<>();

	protected abstract DatabaseServer server();

	@BeforeEach
	void createDatabase() {
		this.database = server().createDatabase();
	}

	@AfterEach
	void dropDatabase() {
		server().dropDatabase(this.database);
		this.cleanups.forEach(Runnable::run);
	}

	@Test
	void isBehindWithEveryMigrationPendingWhenNothingWasAppliedAndCreatesNoTable() throws Exception {
		write("V1__create_a.sql", "CREATE TABLE a (id INT PRIMARY KEY);");
		write("V2__create_b.sql", "CREATE TABLE b (id INT PRIMARY KEY);");
		FlywayTarget target = target(flyway());
		MigrationStatus status = target.readStatus(Duration.ofSeconds(10), true);
		assertThat(status.pending()).extracting(ChangeRef::id).containsExactly("V1__create_a.sql", "V2__create_b.sql");
		assertThat(status.applied()).isZero();
		assertThat(status.unknown()).isZero();
		assertThat(target.isUpToDateForMigration()).isFalse();
		assertThat(tables()).doesNotContain(HISTORY);
	}

	@Test
	void isBehindByTheMigrationsNotYetApplied() throws Exception {
		write("V1__create_a.sql", "CREATE TABLE a (id INT PRIMARY KEY);");
		flyway().migrate();
		write("V2__create_b.sql", "CREATE TABLE b (id INT PRIMARY KEY);");
		FlywayTarget target = target(flyway());
		MigrationStatus status = target.readStatus(null, true);
		assertThat(status.pending()).extracting(ChangeRef::id).containsExactly("V2__create_b.sql");
		assertThat(status.applied()).isOne();
		assertThat(target.isUpToDateForMigration()).isFalse();
	}

	@Test
	void isUpToDateWhenEveryMigrationWasApplied() throws Exception {
		write("V1__create_a.sql", "CREATE TABLE a (id INT PRIMARY KEY);");
		write("V2__create_b.sql", "CREATE TABLE b (id INT PRIMARY KEY);");
		flyway().migrate();
		FlywayTarget target = target(flyway());
		MigrationStatus status = target.readStatus(null, true);
		assertThat(status.isUpToDate()).isTrue();
		assertThat(status.applied()).isEqualTo(2);
		assertThat(status.isAhead()).isFalse();
		assertThat(target.isUpToDateForMigration()).isTrue();
	}

	@Test
	void isUpToDateAndAheadWhenTheDatabaseHoldsMigrationsThisVersionDoesNotKnow() throws Exception {
		write("V1__create_a.sql", "CREATE TABLE a (id INT PRIMARY KEY);");
		write("V2__create_b.sql", "CREATE TABLE b (id INT PRIMARY KEY);");
		flyway().migrate();
		Files.delete(this.migrations.resolve("V2__create_b.sql"));
		FlywayTarget target = target(flyway());
		MigrationStatus status = target.readStatus(null, true);
		assertThat(status.isUpToDate()).isTrue();
		assertThat(status.applied()).isOne();
		assertThat(status.unknownChanges()).extracting(ChangeRef::id).containsExactly("V2__create_b.sql");
		assertThat(target.isUpToDateForMigration()).isTrue();
	}

	@Test
	void countsAnOutOfOrderMigrationAsPendingAndRefusedUnlessOutOfOrderIsAllowed() throws Exception {
		write("V1__create_a.sql", "CREATE TABLE a (id INT PRIMARY KEY);");
		write("V3__create_c.sql", "CREATE TABLE c (id INT PRIMARY KEY);");
		flyway().migrate();
		write("V2__create_b.sql", "CREATE TABLE b (id INT PRIMARY KEY);");
		FlywayTarget refusing = target(flyway());
		assertThat(refusing.readStatus(null, false).pending()).extracting(ChangeRef::id)
			.containsExactly("V2__create_b.sql");
		assertThatExceptionOfType(StatusUnavailableException.class).isThrownBy(() -> refusing.readStatus(null, true))
			.satisfies((ex) -> assertThat(ex.isChangelogProblem()).isTrue())
			.satisfies((ex) -> assertThat(refusing.classify(ex, null).getExitCode())
				.isEqualTo(MigrationExitCode.CHANGELOG_INVALID));
		assertThat(refusing.isUpToDateForMigration()).isFalse();
		FlywayTarget outOfOrder = target(flyway((configuration) -> configuration.outOfOrder(true)));
		assertThat(outOfOrder.readStatus(null, true).pending()).extracting(ChangeRef::id)
			.containsExactly("V2__create_b.sql");
		outOfOrder.migrate(run(new RecordingProgress()));
		MigrationStatus after = outOfOrder.readStatus(null, true);
		assertThat(after.isUpToDate()).isTrue();
		assertThat(after.applied()).isEqualTo(3);
	}

	@Test
	void ignoresAnOutOfOrderMigrationThatTheIgnorePatternsAccept() throws Exception {
		write("V1__create_a.sql", "CREATE TABLE a (id INT PRIMARY KEY);");
		write("V3__create_c.sql", "CREATE TABLE c (id INT PRIMARY KEY);");
		flyway().migrate();
		write("V2__create_b.sql", "CREATE TABLE b (id INT PRIMARY KEY);");
		FlywayTarget target = target(flyway((configuration) -> configuration.ignoreMigrationPatterns("*:ignored")));
		MigrationStatus status = target.readStatus(null, true);
		assertThat(status.isUpToDate()).isTrue();
		assertThat(target.isUpToDateForMigration()).isTrue();
	}

	@Test
	void countsANewOrEditedRepeatableMigrationAsPending() throws Exception {
		write("V1__create_a.sql", "CREATE TABLE a (id INT PRIMARY KEY);");
		write("R__a_view.sql", "CREATE OR REPLACE VIEW a_view AS SELECT id FROM a;");
		FlywayTarget target = target(flyway());
		assertThat(target.readStatus(null, true).pending()).extracting(ChangeRef::id)
			.containsExactly("V1__create_a.sql", "R__a_view.sql");
		target.migrate(run(new RecordingProgress()));
		assertThat(target.readStatus(null, true).isUpToDate()).isTrue();
		assertThat(target.isUpToDateForMigration()).isTrue();
		write("R__a_view.sql", "CREATE OR REPLACE VIEW a_view AS SELECT id, id AS id2 FROM a;");
		FlywayTarget edited = target(flyway());
		MigrationStatus status = edited.readStatus(null, true);
		assertThat(status.pending()).extracting(ChangeRef::id).containsExactly("R__a_view.sql");
		assertThat(edited.isUpToDateForMigration()).isFalse();
	}

	@Test
	void neverCountsMigrationsAtOrBelowTheBaseline() throws Exception {
		this.database.jdbc().execute("CREATE TABLE legacy (id INT PRIMARY KEY)");
		write("V1__create_a.sql", "CREATE TABLE a (id INT PRIMARY KEY);");
		write("V2__create_b.sql", "CREATE TABLE b (id INT PRIMARY KEY);");
		write("V3__create_c.sql", "CREATE TABLE c (id INT PRIMARY KEY);");
		FlywayTarget target = target(
				flyway((configuration) -> configuration.baselineOnMigrate(true).baselineVersion("2")));
		assertThat(target.isUpToDateForMigration()).isFalse();
		target.migrate(run(new RecordingProgress()));
		MigrationStatus status = target.readStatus(null, true);
		assertThat(status.isUpToDate()).isTrue();
		assertThat(status.applied()).isOne();
		assertThat(status.unknown()).isZero();
		assertThat(tables()).contains("c").doesNotContain("a", "b");
		assertThat(target.isUpToDateForMigration()).isTrue();
	}

	@Test
	void readsACustomHistoryTableInAnotherSchemaWithPlaceholders() throws Exception {
		String schema = createSchema();
		write("V1__create_table.sql", "CREATE TABLE ${table} (id INT PRIMARY KEY);");
		Consumer<FluentConfiguration> custom = (configuration) -> configuration.table("app_history")
			.schemas(schema)
			.placeholders(Map.of("table", "greeting"));
		flyway(custom).migrate();
		write("V2__insert.sql", "INSERT INTO ${table} (id) VALUES (1);");
		FlywayTarget target = target(flyway(custom));
		MigrationStatus status = target.readStatus(null, true);
		assertThat(status.pending()).extracting(ChangeRef::id).containsExactly("V2__insert.sql");
		assertThat(status.applied()).isOne();
		assertThat(target.pendingChanges()).singleElement()
			.satisfies((change) -> assertThat(change.statements())
				.containsExactly("INSERT INTO greeting (id) VALUES (1)"));
		assertThat(tables()).doesNotContain(HISTORY);
	}

	@Test
	void readingCreatesNeitherTheSchemasNorTheHistoryTableThatMigrateWouldCreate() throws Exception {
		String schema = "flyway_missing_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
		write("V1__create_a.sql", "CREATE TABLE a (id INT PRIMARY KEY);");
		FlywayTarget target = target(
				flyway((configuration) -> configuration.schemas(schema).createSchemas(true).table("app_history")));
		MigrationStatus status = target.readStatus(Duration.ofSeconds(10), true);
		assertThat(status.pending()).extracting(ChangeRef::id).containsExactly("V1__create_a.sql");
		assertThat(target.isUpToDateForMigration()).isFalse();
		assertThat(target.pendingChanges()).hasSize(1);
		target.writeDryRun(new StringWriter());
		assertThat(schemas()).doesNotContain(schema);
		assertThat(tables()).doesNotContain("app_history", HISTORY);
	}

	@Test
	void readsWithALoginThatMayOnlySelect() throws Exception {
		write("V1__create_a.sql", "CREATE TABLE a (id INT PRIMARY KEY);");
		flyway().migrate();
		write("V2__create_b.sql", "CREATE TABLE b (id INT PRIMARY KEY);");
		TestDatabase reader = createSelectOnlyLogin();
		FlywayTarget target = target(flyway(reader.dataSource(), (configuration) -> {
		}));
		MigrationStatus status = target.readStatus(Duration.ofSeconds(10), true);
		assertThat(status.pending()).extracting(ChangeRef::id).containsExactly("V2__create_b.sql");
		assertThat(status.applied()).isOne();
		assertThat(target.isUpToDateForMigration()).isFalse();
		assertThat(target.pendingChanges()).hasSize(1);
	}

	@Test
	void migratesReportingEachMigrationAsItRuns() throws Exception {
		write("V1__create_a.sql", "CREATE TABLE a (id INT PRIMARY KEY);");
		write("V2__create_b.sql", "CREATE TABLE b (id INT PRIMARY KEY);");
		write("R__a_view.sql", "CREATE OR REPLACE VIEW a_view AS SELECT id FROM a;");
		FlywayTarget target = target(flyway());
		RecordingProgress progress = new RecordingProgress();
		target.migrate(run(progress));
		assertThat(progress.events).containsExactly("expect 3", "starting V1__create_a.sql", "applied V1__create_a.sql",
				"starting V2__create_b.sql", "applied V2__create_b.sql", "starting R__a_view.sql",
				"applied R__a_view.sql");
		assertThat(target.readStatus(null, true).applied()).isEqualTo(3);
	}

	@Test
	void migratesOnTheSessionThatHoldsTheStartersLock() throws Exception {
		write("V1__create_a.sql", "CREATE TABLE a (id INT PRIMARY KEY);");
		write("V2__create_b.sql", "CREATE TABLE b (id INT PRIMARY KEY);");
		FlywayTarget target = target(flyway());
		RecordingProgress progress = new RecordingProgress();
		DatabaseMigrationLock lock = new DatabaseMigrationLock(new LockSettings("migration_lock", "flyway-test",
				LockSettings.MINIMUM_LEASE, Duration.ofSeconds(5), Duration.ofMillis(200)));
		try (HeldMigrationLock held = lock.acquire(this.database.dataSource(), () -> true).orElseThrow()) {
			target.migrate(run(held.dataSource(), held.session(), progress));
		}
		assertThat(progress.events).contains("applied V2__create_b.sql");
		assertThat(target.readStatus(null, true).isUpToDate()).isTrue();
		assertThat(
				this.database.jdbc()
					.queryForList("SELECT " + quoted("type") + " FROM " + quoted(HISTORY) + " ORDER BY "
							+ quoted("installed_rank"), String.class))
			.as("the lock table in the fresh schema leaves no baseline row behind")
			.doesNotContain("BASELINE")
			.endsWith("SQL", "SQL");
	}

	private String quoted(String identifier) {
		return (this.database.kind() == DatabaseKind.MARIADB) ? "`" + identifier + "`" : "\"" + identifier + "\"";
	}

	@Test
	void stopsBeforeAMigrationWhenTheProgressRefusesIt() throws Exception {
		write("V1__create_a.sql", "CREATE TABLE a (id INT PRIMARY KEY);");
		write("V2__create_b.sql", "CREATE TABLE b (id INT PRIMARY KEY);");
		FlywayTarget target = target(flyway());
		RecordingProgress progress = new RecordingProgress();
		progress.refuse = "V2__create_b.sql";
		assertThatExceptionOfType(RuntimeException.class).isThrownBy(() -> target.migrate(run(progress)))
			.satisfies((ex) -> assertThat(ex).rootCause().hasMessage("lock lost before V2__create_b.sql"));
		assertThat(tables()).contains("a").doesNotContain("b");
	}

	@Test
	void writesTheSqlOfThePendingMigrationsWithPlaceholdersReplacedAndNamesJavaMigrations() throws Exception {
		write("V1__create_a.sql", "CREATE TABLE a (id INT PRIMARY KEY);");
		flyway().migrate();
		write("V2__create_table.sql", "-- the greetings\nCREATE TABLE ${table} (id INT PRIMARY KEY);\n"
				+ "INSERT INTO ${table} (id) VALUES (1);");
		write("R__a_view.sql", "CREATE OR REPLACE VIEW a_view AS SELECT id FROM a;");
		FlywayTarget target = target(flyway((configuration) -> configuration.placeholders(Map.of("table", "greeting"))
			.javaMigrations(new V3__Seed())));
		StringWriter output = new StringWriter();
		target.writeDryRun(output);
		String sql = output.toString();
		assertThat(sql).contains("-- Flyway 'flyway': 3 pending migrations for ")
			.contains(
					"-- V2__create_table.sql (version 2)\n-- the greetings\nCREATE TABLE greeting (id INT PRIMARY KEY);\n"
							+ "INSERT INTO greeting (id) VALUES (1);\n")
			.contains("-- V3__Seed: a Java migration (version 3); its SQL cannot be printed")
			.contains("-- R__a_view.sql (repeatable 'a view')\nCREATE OR REPLACE VIEW a_view AS SELECT id FROM a;");
		assertThat(sql.indexOf("V2__create_table.sql")).isLessThan(sql.indexOf("V3__Seed"));
		assertThat(sql.indexOf("V3__Seed")).isLessThan(sql.indexOf("R__a_view.sql"));
		assertThat(tables()).doesNotContain("greeting");
		assertThat(target.readStatus(null, true).pending()).hasSize(3);
	}

	@Test
	void listsThePendingMigrationsWithTheirStatementsAndLeadingComments() throws Exception {
		write("V1__create_a.sql", "-- migration-guard: acknowledge drop-column\n/* reviewed */\n"
				+ "CREATE TABLE a (id INT PRIMARY KEY);\n-- not leading\nINSERT INTO a (id) VALUES (1);");
		FlywayTarget target = target(flyway((configuration) -> configuration.javaMigrations(new V3__Seed())));
		List<PendingChange> changes = target.pendingChanges();
		assertThat(changes).extracting(PendingChange::id).containsExactly("V1__create_a.sql", "V3__Seed");
		PendingChange sql = changes.get(0);
		assertThat(sql.statements()).hasSize(2);
		assertThat(sql.statements().get(1)).endsWith("INSERT INTO a (id) VALUES (1)");
		assertThat(sql.runInTransaction()).isTrue();
		assertThat(sql.comments()).isEqualTo("migration-guard: acknowledge drop-column\nreviewed");
		assertThat(changes.get(1).statements()).isEmpty();
	}

	@Test
	void theGuardJudgesWhatTheUpToDateCheckReadOnceAndTheMigrationReadsAfreshUnderTheLock() throws Exception {
		write("V1__create_a.sql", "CREATE TABLE a (id INT PRIMARY KEY);");
		FlywayTarget target = target(flyway());
		assertThat(target.isUpToDateForMigration()).isFalse();
		flyway().migrate();
		assertThat(target.pendingChanges()).as("what the up-to-date check read")
			.extracting(PendingChange::id)
			.containsExactly("V1__create_a.sql");
		assertThat(target.pendingChanges()).as("read again").isEmpty();
		write("V2__create_b.sql", "CREATE TABLE b (id INT PRIMARY KEY);");
		assertThat(target.isUpToDateForMigration()).isFalse();
		RecordingProgress progress = new RecordingProgress();
		target.migrate(run(progress));
		assertThat(progress.events).containsExactly("expect 1", "starting V2__create_b.sql",
				"applied V2__create_b.sql");
		assertThat(target.pendingChanges()).as("read after the migration").isEmpty();
	}

	@Test
	void classifiesAnEditedAppliedMigrationAsAnInvalidChangelog() throws Exception {
		write("V1__create_a.sql", "CREATE TABLE a (id INT PRIMARY KEY);");
		flyway().migrate();
		write("V1__create_a.sql", "CREATE TABLE a (id INT PRIMARY KEY, name VARCHAR(20));");
		write("V2__create_b.sql", "CREATE TABLE b (id INT PRIMARY KEY);");
		FlywayTarget target = target(flyway());
		assertThatExceptionOfType(StatusUnavailableException.class).isThrownBy(() -> target.readStatus(null, true))
			.withMessageContaining("checksum mismatch for migration version 1")
			.satisfies((ex) -> assertThat(ex.isChangelogProblem()).isTrue());
		assertThat(target.readStatus(null, false).pending()).hasSize(1);
		assertThat(target.isUpToDateForMigration()).isFalse();
		MigrationException failure = migrateFailure(target);
		assertThat(failure.getExitCode()).isEqualTo(MigrationExitCode.CHANGELOG_INVALID);
		assertThat(failure.getMessage()).startsWith("Flyway 'flyway': validation failed: ")
			.contains("checksum mismatch for migration version 1")
			.doesNotContain("\n");
		assertThat(failure.getNextStep()).contains("never edit an applied migration");
		assertThat(tables()).doesNotContain("b");
	}

	@Test
	void classifiesAFailingStatementAsAFailedMigrationNamingIt() throws Exception {
		write("V1__create_a.sql", "CREATE TABLE a (id INT PRIMARY KEY);");
		write("V2__broken.sql", "INSERT INTO missing_table (id) VALUES (1);");
		FlywayTarget target = target(flyway());
		RecordingProgress progress = new RecordingProgress();
		MigrationException failure = migrateFailure(target, progress);
		assertThat(failure.getExitCode()).isEqualTo(MigrationExitCode.MIGRATION_FAILED);
		assertThat(failure.getMessage()).startsWith("Flyway 'flyway': migration V2__broken.sql failed: ")
			.doesNotContain("\n");
		assertThat(progress.events).contains("applied V1__create_a.sql", "failed V2__broken.sql");
	}

	@Test
	void classifiesAnUnreachableDatabaseAsUnavailable() {
		DataSource closed = new DriverManagerDataSource(closedUrl());
		FlywayTarget target = target(flyway(closed, (configuration) -> {
		}));
		assertThatExceptionOfType(StatusUnavailableException.class)
			.isThrownBy(() -> target.readStatus(Duration.ofSeconds(5), true))
			.satisfies((ex) -> assertThat(ex.isChangelogProblem()).isFalse())
			.satisfies((ex) -> assertThat(target.classify(ex, null).getExitCode())
				.isEqualTo(MigrationExitCode.DATABASE_UNAVAILABLE));
		assertThat(target.isUpToDateForMigration()).isFalse();
		MigrationException failure = migrateFailure(target, new RecordingProgress(), closed);
		assertThat(failure.getExitCode()).isEqualTo(MigrationExitCode.DATABASE_UNAVAILABLE);
	}

	@Test
	void describesItselfAsAFlywayTarget() throws Exception {
		FlywayTarget target = target(flyway());
		assertThat(target.name()).isEqualTo("flyway");
		assertThat(target.engine()).isEqualTo(MigrationEngine.FLYWAY);
		assertThat(target.source()).isEqualTo("migrations filesystem:" + this.migrations);
		assertThat(target.dataSource()).isNotNull();
	}

	protected abstract String closedUrl();

	/**
	 * Create a schema beside the default one, dropped after the test.
	 * @return its name
	 */
	protected String createSchema() {
		String name = "flyway_app_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
		this.database.jdbc().execute("CREATE SCHEMA " + name);
		if (this.database.kind() == DatabaseKind.MARIADB) {
			this.cleanups.add(() -> server().executeAsAdmin("DROP DATABASE IF EXISTS " + name));
		}
		return name;
	}

	/**
	 * Create a login that may select from the tables of the database and do nothing else,
	 * dropped after the test.
	 * @return the database as that login sees it
	 */
	protected abstract TestDatabase createSelectOnlyLogin();

	protected void onCleanup(Runnable cleanup) {
		this.cleanups.add(cleanup);
	}

	protected static String uniqueName(String prefix) {
		return prefix + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
	}

	protected void write(String name, String sql) throws IOException {
		Files.writeString(this.migrations.resolve(name), sql);
	}

	protected Flyway flyway() {
		return flyway((configuration) -> {
		});
	}

	protected Flyway flyway(Consumer<FluentConfiguration> customizer) {
		return flyway(this.database.dataSource(), customizer);
	}

	protected Flyway flyway(DataSource dataSource, Consumer<FluentConfiguration> customizer) {
		FluentConfiguration configuration = Flyway.configure(getClass().getClassLoader())
			.dataSource(dataSource)
			.locations("filesystem:" + this.migrations);
		customizer.accept(configuration);
		return configuration.load();
	}

	protected FlywayTarget target(Flyway flyway) {
		return new FlywayTarget("flyway", flyway, null, Set.of("migration_lock"), Clock.systemUTC(), null);
	}

	protected MigrationRun run(RecordingProgress progress) {
		return run(this.database.dataSource(), Optional.empty(), progress);
	}

	protected static MigrationRun run(DataSource dataSource, Optional<MigrationSession> session,
			ChangeProgress progress) {
		return new MigrationRun() {

			@Override
			public DataSource dataSource() {
				return dataSource;
			}

			@Override
			public Optional<MigrationSession> session() {
				return session;
			}

			@Override
			public ChangeProgress progress() {
				return progress;
			}

			@Override
			public void engineLockWaited(Duration waited) {
			}

		};
	}

	protected MigrationException migrateFailure(FlywayTarget target) {
		return migrateFailure(target, new RecordingProgress());
	}

	protected MigrationException migrateFailure(FlywayTarget target, RecordingProgress progress) {
		return migrateFailure(target, progress, this.database.dataSource());
	}

	private static MigrationException migrateFailure(FlywayTarget target, RecordingProgress progress,
			DataSource dataSource) {
		try {
			target.migrate(run(dataSource, Optional.empty(), progress));
		}
		catch (Exception ex) {
			return target.classify(ex, progress.current);
		}
		throw new AssertionError("The migration did not fail");
	}

	/**
	 * The names of the tables of every schema of the test's database, in lower case.
	 * @return the names
	 */
	protected List<String> tables() throws SQLException {
		try (Connection connection = this.database.dataSource().getConnection();
				ResultSet rows = connection.getMetaData()
					.getTables(connection.getCatalog(), null, "%", new String[] { "TABLE" })) {
			List<String> names = new ArrayList<>();
			while (rows.next()) {
				names.add(rows.getString("TABLE_NAME").toLowerCase(Locale.ROOT));
			}
			return names;
		}
	}

	/**
	 * The names of the schemas (catalogs on MariaDB) of the server, in lower case.
	 * @return the names
	 */
	protected List<String> schemas() throws SQLException {
		try (Connection connection = this.database.dataSource().getConnection()) {
			DatabaseMetaData metaData = connection.getMetaData();
			List<String> names = new ArrayList<>();
			try (ResultSet rows = (this.database.kind() == DatabaseKind.MARIADB) ? metaData.getCatalogs()
					: metaData.getSchemas()) {
				while (rows.next()) {
					names.add(rows.getString(1).toLowerCase(Locale.ROOT));
				}
			}
			return names;
		}
	}

	/**
	 * Records what a migration reports, and refuses one migration as a lost lock would.
	 */
	protected static final class RecordingProgress implements ChangeProgress {

		final List<String> events = new ArrayList<>();

		String refuse;

		String current;

		@Override
		public void expect(int pending) {
			this.events.add("expect " + pending);
		}

		@Override
		public void starting(String change) {
			this.current = change;
			if (change.equals(this.refuse)) {
				throw new IllegalStateException("lock lost before " + change);
			}
			this.events.add("starting " + change);
		}

		@Override
		public void applied(String change) {
			this.current = null;
			this.events.add("applied " + change);
		}

		@Override
		public void failed(String change) {
			this.events.add("failed " + change);
		}

		@Override
		public void markedRan(String change) {
			this.events.add("marked as ran " + change);
		}

		@Override
		public void skipped(String change) {
			this.events.add("skipped " + change);
		}

	}

	/**
	 * A Java migration, which has no SQL to print.
	 */
	public static class V3__Seed extends BaseJavaMigration {

		@Override
		public void migrate(Context context) {
		}

	}

}
