package dev.migrationstarter.liquibase;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import dev.migrationstarter.core.MigrationEngine;
import dev.migrationstarter.core.MigrationException;
import dev.migrationstarter.core.MigrationExitCode;
import dev.migrationstarter.core.MigrationTarget;
import dev.migrationstarter.core.MigrationTargetFactory;
import dev.migrationstarter.liquibase.locks.ChangeSetLockGuard;
import dev.migrationstarter.liquibase.status.ChangelogIndex;
import dev.migrationstarter.liquibase.status.ChangelogStatusReaders;
import dev.migrationstarter.liquibase.status.UnmigratedChangelog;
import dev.migrationstarter.liquibase.status.UnmigratedChangelogWarning;
import liquibase.integration.spring.SpringLiquibase;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Turns the application's {@link SpringLiquibase} beans into {@link LiquibaseTarget
 * targets}: a release phase migrates and checks the beans that would have migrated on
 * start-up, the readiness check watches every bean. Which data source reads a bean's
 * status is {@link ChangelogStatusReaders}' decision.
 *
 * @author migration-starter
 */
public class LiquibaseTargetFactory implements MigrationTargetFactory {

	private final ConfigurableApplicationContext context;

	private final LiquibaseOnStartupSuppressor suppressor;

	private final ObjectProvider<ChangelogIndex> index;

	private final ObjectProvider<ChangeSetLockGuard> lockGuard;

	private final LiquibasePreinitialization preinitialization;

	/**
	 * Create the factory.
	 * @param context the context that holds the beans
	 * @param suppressor knows which beans would have migrated on start-up
	 * @param index where the migration job leaves the changesets of each changelog
	 * @param lockGuard bounds the lock waits of each changeset of a migration
	 * @param preinitialization Liquibase's initialisation in the background
	 */
	public LiquibaseTargetFactory(ConfigurableApplicationContext context, LiquibaseOnStartupSuppressor suppressor,
			ObjectProvider<ChangelogIndex> index, ObjectProvider<ChangeSetLockGuard> lockGuard,
			LiquibasePreinitialization preinitialization) {
		this.context = context;
		this.suppressor = suppressor;
		this.index = index;
		this.lockGuard = lockGuard;
		this.preinitialization = preinitialization;
	}

	@Override
	public MigrationEngine engine() {
		return MigrationEngine.LIQUIBASE;
	}

	@Override
	public List<MigrationTarget> targets(Use use) {
		Map<String, SpringLiquibase> beans = this.context.getBeansOfType(SpringLiquibase.class);
		Map<String, SpringLiquibase> selected = new LinkedHashMap<>();
		beans.forEach((name, liquibase) -> {
			if (use == Use.MONITOR || this.suppressor.isDeferred(name)) {
				selected.put(name, liquibase);
			}
		});
		List<MigrationTarget> targets = new ArrayList<>();
		if (use == Use.MIGRATE) {
			if (!beans.isEmpty()) {
				UnmigratedChangelogWarning.warnIfUnmigrated(this.context);
			}
			ChangelogStatusReaders readers = readers(null);
			ChangeSetLockGuard guard = this.lockGuard.getIfAvailable();
			selected.forEach((name, liquibase) -> targets.add(new LiquibaseTarget(name, liquibase,
					readers.forMigration(liquibase), guard, this.preinitialization)));
		}
		else {
			readers(this.context.getBeanProvider(DataSource.class).getIfUnique()).readers(selected)
				.forEach((name, reader) -> targets
					.add(new LiquibaseTarget(name, selected.get(name), reader, null, this.preinitialization)));
		}
		return targets;
	}

	private ChangelogStatusReaders readers(DataSource applicationDataSource) {
		return new ChangelogStatusReaders(applicationDataSource, this.context.getEnvironment(), this.context,
				Clock.systemUTC(), this.index.getIfAvailable(), this.preinitialization.preparsed());
	}

	@Override
	public String noTargetReason() {
		return "spring.liquibase.enabled=false, no DataSource, or every bean has shouldRun=false";
	}

	@Override
	public MigrationException unmigrated() {
		if (!this.context.getBeansOfType(SpringLiquibase.class).isEmpty()) {
			return null;
		}
		String changelog = UnmigratedChangelog.mainChangelog(this.context.getEnvironment(), this.context);
		if (changelog == null) {
			return null;
		}
		return new MigrationException(MigrationExitCode.CHANGELOG_INVALID,
				"No Liquibase bean migrates changelog " + changelog
						+ " (spring.liquibase.enabled=false, no DataSource, or an auto-configuration left out)",
				"check spring.liquibase.enabled and the DataSource settings, or declare a SpringLiquibase bean", null);
	}

}
