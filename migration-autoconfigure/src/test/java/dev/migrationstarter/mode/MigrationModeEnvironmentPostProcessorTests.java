package dev.migrationstarter.mode;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.bootstrap.DefaultBootstrapContext;
import org.springframework.boot.logging.DeferredLogs;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.mock.env.MockPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Tests for {@link MigrationModeEnvironmentPostProcessor}.
 *
 * @author migration-starter
 */
class MigrationModeEnvironmentPostProcessorTests {

	private final MigrationModeEnvironmentPostProcessor postProcessor = new MigrationModeEnvironmentPostProcessor();

	@Test
	void migrateOnlyArgumentSwitchesTheWebServerAndTheBannerOffAndInitialisesLazily() {
		StandardEnvironment environment = postProcess("--migrate-only");
		assertThat(environment.getProperty("migration.mode")).isEqualTo("migrate-only");
		assertThat(environment.getProperty("spring.main.web-application-type")).isEqualTo("none");
		assertThat(environment.getProperty("spring.main.lazy-initialization")).isEqualTo("true");
		assertThat(environment.getProperty("spring.main.banner-mode")).isEqualTo("off");
	}

	@Test
	void modePropertyFromAnEnvironmentVariableSelectsMigrateOnly() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MockPropertySource().withProperty("migration.mode", "migrate-only"));
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("spring.main.web-application-type")).isEqualTo("none");
		assertThat(MigrationModes.get(environment).mode()).isEqualTo(MigrationMode.MIGRATE_ONLY);
	}

	@Test
	void normalStartChangesNothingButTheLevelOfLiquibasesShouldRunNotice() {
		StandardEnvironment environment = postProcess("--server.port=0");
		assertThat(environment.getProperty("spring.main.web-application-type")).isNull();
		assertThat(environment.getProperty("spring.main.lazy-initialization")).isNull();
		assertThat(environment.getProperty("spring.main.banner-mode")).isNull();
		assertThat(environment.getProperty("logging.level.liquibase")).isNull();
		assertThat(environment.getProperty("logging.level.liquibase.integration")).isEqualTo("WARN");
		assertThat(MigrationModes.get(environment)).isEqualTo(ModeSelection.NORMAL);
	}

	@Test
	void runAndExitModeQuietensLiquibaseUnlessTheUserSetItsLevel() {
		assertThat(postProcess("--migration-status").getProperty("logging.level.liquibase")).isEqualTo("WARN");
		StandardEnvironment configured = postProcess("--migration-status", "--logging.level.liquibase=INFO");
		assertThat(configured.getProperty("logging.level.liquibase")).isEqualTo("INFO");
		assertThat(configured.getProperty("logging.level.liquibase.integration")).isNull();
	}

	@Test
	void runAndExitModeKeepsOneIdleConnectionUnlessTheApplicationSizedItsPool() {
		assertThat(postProcess("--migrate-only").getProperty("spring.datasource.hikari.minimum-idle")).isEqualTo("1");
		assertThat(postProcess("--migrate-only", "--spring.datasource.hikari.minimum-idle=4")
			.getProperty("spring.datasource.hikari.minimum-idle")).isEqualTo("4");
		assertThat(postProcess("--server.port=0").getProperty("spring.datasource.hikari.minimum-idle")).isNull();
	}

	@Test
	void invalidInputIsRecordedForLaterInsteadOfThrownBeforeLoggingIsSetUp() {
		StandardEnvironment environment = environmentWithArguments("--migrate_only");
		assertThatNoException()
			.isThrownBy(() -> this.postProcessor.postProcessEnvironment(environment, new SpringApplication()));
		assertThat(environment.getProperty("spring.main.web-application-type")).isNull();
		assertThatExceptionOfType(InvalidMigrationInputException.class)
			.isThrownBy(() -> MigrationModes.get(environment))
			.withMessageStartingWith("Invalid argument '--migrate_only'");
		assertThat(MigrationModes.peek(environment)).isEmpty();
	}

	@Test
	void publishedModeIsReadWithoutParsingAgain() {
		StandardEnvironment environment = postProcess("--await-schema");
		environment.getPropertySources().addFirst(new SimpleCommandLinePropertySource("--migrate_only"));
		assertThat(MigrationModes.get(environment).mode()).isEqualTo(MigrationMode.AWAIT_SCHEMA);
	}

	@Test
	void dryRunArgumentIsPassedOnToMigrateOnly() {
		StandardEnvironment environment = postProcess("--migrate-only", "--dry-run");
		assertThat(environment.getProperty("migration.dry-run")).isEqualTo("true");
		assertThat(MigrationModes.get(environment).dryRun()).isTrue();
	}

	private StandardEnvironment postProcess(String... args) {
		StandardEnvironment environment = environmentWithArguments(args);
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		return environment;
	}

	private static StandardEnvironment environmentWithArguments(String... args) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new SimpleCommandLinePropertySource(args));
		return environment;
	}

	@Test
	void publishesTheDecisionInTheCanonicalSpellingWhateverSelectedIt() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MockPropertySource().withProperty("migration.mode", "MIGRATE_ONLY")
				.withProperty("migration.dry-run", "TRUE"));
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("migration.mode")).isEqualTo("migrate-only");
		assertThat(environment.getProperty("migration.dry-run")).isEqualTo("true");
		assertThat(environment.getProperty("migration.migrate-on-startup")).isEqualTo("false");
		assertThat(postProcess("--server.port=0").getProperty("migration.mode")).isEqualTo("normal");
	}

	@Test
	void migrateOnStartupIsPartOfTheDecisionAndNeverOfARunAndExitMode() {
		assertThat(MigrationModes.get(postProcess("--migration.migrate-on-startup=true")).migratesOnStartup()).isTrue();
		ModeSelection migrateOnly = MigrationModes
			.get(postProcess("--migrate-only", "--migration.migrate-on-startup=true"));
		assertThat(migrateOnly.migratesOnStartup()).isFalse();
		assertThat(migrateOnly.defersStartupMigration()).isTrue();
		assertThat(MigrationModes.get(postProcess()).defersStartupMigration()).isTrue();
	}

	@Test
	void refusesAMigrateOnStartupThatIsNeitherTrueNorFalse() {
		StandardEnvironment environment = postProcess("--migration.migrate-on-startup=sometimes");
		assertThatExceptionOfType(InvalidMigrationInputException.class)
			.isThrownBy(() -> MigrationModes.get(environment))
			.withMessage("Invalid migration.migrate-on-startup 'sometimes'; valid values are true and false.");
	}

	@Test
	void readsTheArgumentsAsGivenFromTheBootstrapContextNotTheCommandLinePropertySource() {
		DefaultBootstrapContext bootstrapContext = new DefaultBootstrapContext();
		new GivenArgumentsRecorder(new SpringApplication(), new String[] { "--migrate-only=TRUE" })
			.starting(bootstrapContext);
		StandardEnvironment environment = new StandardEnvironment();
		new MigrationModeEnvironmentPostProcessor(new DeferredLogs(), bootstrapContext)
			.postProcessEnvironment(environment, new SpringApplication());
		assertThatExceptionOfType(InvalidMigrationInputException.class)
			.isThrownBy(() -> MigrationModes.get(environment))
			.withMessageStartingWith("Invalid argument '--migrate-only=TRUE'");
	}

	@Test
	void environmentThatNoPostProcessorSawIsDecidedOnceByItsFirstReader() {
		StandardEnvironment environment = environmentWithArguments("--migration-status");
		assertThat(MigrationModes.get(environment).mode()).isEqualTo(MigrationMode.MIGRATION_STATUS);
		environment.getPropertySources().addFirst(new SimpleCommandLinePropertySource("cli2", "--migrate-only"));
		assertThat(MigrationModes.get(environment).mode()).isEqualTo(MigrationMode.MIGRATION_STATUS);
		assertThat(environment.getProperty("migration.mode")).isEqualTo("migration-status");
	}

}
