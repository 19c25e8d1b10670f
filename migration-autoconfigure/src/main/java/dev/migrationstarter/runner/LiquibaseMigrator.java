package dev.migrationstarter.runner;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.time.Duration;

import javax.sql.DataSource;

import dev.migrationstarter.lock.HeldMigrationLock;
import dev.migrationstarter.lock.MigrationLock;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.exception.LiquibaseException;
import liquibase.integration.spring.Customizer;
import liquibase.integration.spring.SpringLiquibase;
import liquibase.lockservice.DatabaseChangeLogLock;
import liquibase.lockservice.LockService;
import liquibase.lockservice.LockServiceFactory;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.BeanWrapper;
import org.springframework.beans.PropertyAccessorFactory;

/**
 * Runs a {@link SpringLiquibase} bean's update under the {@link MigrationLock}.
 *
 * <p>
 * The update itself is the bean's own {@code afterPropertiesSet()}, so every setting that
 * Spring Boot or the application gave the bean (contexts, labels, schemas, table names,
 * parameters, tag, rollback file, summary, customizer) applies unchanged. For one run the
 * bean is allowed to run, and a Liquibase customizer is layered over the bean's own one
 * to:
 * <ol>
 * <li>release a {@code DATABASECHANGELOGLOCK} left behind by a killed process: this
 * process holds the migration lock, so no other migrator can own it;</li>
 * <li>count the pending changesets and log where and what is migrated;</li>
 * <li>log each changeset as it is applied.</li>
 * </ol>
 *
 * @author migration-starter
 */
public class LiquibaseMigrator {

	private static final Log logger = LogFactory.getLog(LiquibaseMigrator.class);

	private final MigrationLock lock;

	public LiquibaseMigrator(MigrationLock lock) {
		this.lock = lock;
	}

	/**
	 * Migrate the database of the given bean.
	 * @param beanName the bean name, for logs
	 * @param liquibase the bean
	 * @return what was done
	 * @throws MigrationException if the migration did not complete
	 */
	public MigrationReport migrate(String beanName, SpringLiquibase liquibase) {
		long started = System.nanoTime();
		DataSource dataSource = liquibase.getDataSource();
		String target = connect(dataSource);
		ChangeSetProgressLogger progress = new ChangeSetProgressLogger();
		Duration lockWait;
		try (HeldMigrationLock held = this.lock.acquire(dataSource)) {
			lockWait = held.waited();
			update(liquibase, target, progress);
		}
		catch (LiquibaseException | RuntimeException ex) {
			throw MigrationFailures.classify(ex, progress.failedChangeSet());
		}
		return new MigrationReport(beanName, target, progress.applied(), lockWait,
				Duration.ofNanos(System.nanoTime() - started));
	}

	private String connect(DataSource dataSource) {
		try (Connection connection = dataSource.getConnection()) {
			DatabaseMetaData metaData = connection.getMetaData();
			return metaData.getDatabaseProductName() + " " + metaData.getDatabaseProductVersion() + " at "
					+ DatabaseTarget.redact(metaData.getURL());
		}
		catch (SQLException | RuntimeException ex) {
			throw MigrationFailures.databaseUnavailable(DatabaseTarget.redact(configuredUrl(dataSource)), ex);
		}
	}

	private static String configuredUrl(DataSource dataSource) {
		BeanWrapper wrapper = PropertyAccessorFactory.forBeanPropertyAccess(dataSource);
		for (String property : new String[] { "jdbcUrl", "url" }) {
			if (wrapper.isReadableProperty(property)) {
				Object url = wrapper.getPropertyValue(property);
				if (url != null) {
					return url.toString();
				}
			}
		}
		return null;
	}

	private void update(SpringLiquibase springLiquibase, String target, ChangeSetProgressLogger progress)
			throws LiquibaseException {
		Customizer<Liquibase> ownCustomizer = springLiquibase.getCustomizer();
		springLiquibase.setCustomizer((liquibase) -> {
			if (ownCustomizer != null) {
				ownCustomizer.customize(liquibase);
			}
			prepare(springLiquibase, liquibase, target, progress);
		});
		springLiquibase.setShouldRun(true);
		try {
			springLiquibase.afterPropertiesSet();
		}
		finally {
			springLiquibase.setShouldRun(false);
			springLiquibase.setCustomizer(ownCustomizer);
		}
	}

	private void prepare(SpringLiquibase springLiquibase, Liquibase liquibase, String target,
			ChangeSetProgressLogger progress) {
		try {
			releaseStaleChangelogLock(liquibase);
			int pending = liquibase
				.listUnrunChangeSets(new Contexts(springLiquibase.getContexts()),
						new LabelExpression(springLiquibase.getLabelFilter()))
				.size();
			progress.expect(pending);
			logger.info("Migrating " + target + " with changelog " + springLiquibase.getChangeLog() + ": " + pending
					+ ((pending == 1) ? " changeset" : " changesets") + " pending");
			liquibase.setChangeExecListener(progress);
		}
		catch (LiquibaseException ex) {
			throw new PreparationFailedException(ex);
		}
	}

	private void releaseStaleChangelogLock(Liquibase liquibase) throws LiquibaseException {
		LockService lockService = LockServiceFactory.getInstance().getLockService(liquibase.getDatabase());
		DatabaseChangeLogLock[] locks = lockService.listLocks();
		if (locks.length == 0) {
			return;
		}
		for (DatabaseChangeLogLock stale : locks) {
			logger.warn("Releasing stale Liquibase changelog lock held by " + stale.getLockedBy() + " since "
					+ stale.getLockGranted()
					+ "; no other migrator can hold it while this one holds the migration lock");
		}
		lockService.forceReleaseLock();
	}

	/**
	 * Carries a checked Liquibase exception out of a {@link Customizer}.
	 */
	static final class PreparationFailedException extends RuntimeException {

		PreparationFailedException(LiquibaseException cause) {
			super(cause.getMessage(), cause);
		}

	}

}
