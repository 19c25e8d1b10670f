package dev.migrationstarter.guard;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import dev.migrationstarter.core.MigrationException;
import dev.migrationstarter.core.MigrationExitCode;
import dev.migrationstarter.core.PendingChange;
import dev.migrationstarter.core.StatusUnavailableException;
import dev.migrationstarter.jdbc.DatabaseDialect;
import dev.migrationstarter.runner.MigrationFailures;
import dev.migrationstarter.runner.PendingChangeCheck;
import dev.migrationstarter.status.ChangelogStatusReader;
import dev.migrationstarter.status.LiquibaseTables;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.DatabaseException;
import liquibase.integration.spring.SpringLiquibase;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.util.StringUtils;

/**
 * Judges the pending changesets of a {@link SpringLiquibase} bean against the
 * zero-downtime rules before anything is applied, and refuses or warns as the
 * {@link GuardPolicy} says.
 *
 * <p>
 * The SQL judged is generated for the pending changesets only, from the changelog that
 * the status reader parsed, for the bean's database: Liquibase's own update is not run,
 * so neither its changelog table nor its lock is touched. On MariaDB and MySQL the server
 * is asked about each {@code ALTER TABLE} on an empty copy of the table
 * ({@link OnlineAlterProbe}).
 *
 * @author migration-starter
 */
public class MigrationGuard implements PendingChangeCheck {

	private static final Log logger = LogFactory.getLog(MigrationGuard.class);

	private final GuardPolicy policy;

	private final Acknowledgements acknowledgements;

	private final List<GuardListener> listeners;

	/**
	 * Create a guard.
	 * @param policy what to do with an unacknowledged finding
	 * @param acknowledgements what the team acknowledged in configuration
	 */
	public MigrationGuard(GuardPolicy policy, Acknowledgements acknowledgements) {
		this(policy, acknowledgements, List.of());
	}

	/**
	 * Create a guard.
	 * @param policy what to do with an unacknowledged finding
	 * @param acknowledgements what the team acknowledged in configuration
	 * @param listeners told what became of each finding of {@code --migrate-only}
	 */
	public MigrationGuard(GuardPolicy policy, Acknowledgements acknowledgements, List<GuardListener> listeners) {
		this.policy = policy;
		this.acknowledgements = acknowledgements;
		this.listeners = List.copyOf(listeners);
	}

	/**
	 * The findings of the bean's pending changesets, acknowledged ones included.
	 * @param beanName the bean name, for messages
	 * @param liquibase the bean
	 * @param statusReader the reader that found the changesets pending, whose parse is
	 * reused, or {@code null} to read them here
	 * @return the findings
	 * @throws MigrationException if the changelog or the database cannot be read
	 */
	public List<Finding> findings(String beanName, SpringLiquibase liquibase, ChangelogStatusReader statusReader) {
		long started = System.nanoTime();
		DataSource dataSource = liquibase.getDataSource();
		try (Connection connection = dataSource.getConnection()) {
			if (!LiquibaseTables.changelogTableExists(liquibase, connection)) {
				// no release has migrated the database: no running version, no traffic
				return List.of();
			}
		}
		catch (SQLException ex) {
			throw MigrationFailures.databaseUnavailable(dataSource, ex);
		}
		ChangelogStatusReader reader = (statusReader != null) ? statusReader
				: new ChangelogStatusReader(liquibase, liquibase.getResourceLoader(), dataSource, Clock.systemUTC());
		try {
			return reader.withChangeSetsToRun((changeSets) -> {
				if (changeSets.isEmpty()) {
					return List.of();
				}
				try (Connection connection = dataSource.getConnection()) {
					Database database = databaseOf(connection, liquibase);
					List<PendingChange> pending = changeSets.stream()
						.map((changeSet) -> ChangeSetSql.of(changeSet, database))
						.toList();
					DatabaseDialect dialect = DatabaseDialect.of(connection);
					try (OnlineAlterProbe server = (dialect == DatabaseDialect.MARIADB)
							? new OnlineAlterProbe(connection) : null) {
						List<Finding> findings = SafetyCheck.check(pending, dialect, this.acknowledgements, server);
						logger.info("Zero-downtime guard judged " + pending.size() + " changeset(s) of Liquibase '"
								+ beanName + "' in " + Duration.ofNanos(System.nanoTime() - started).toMillis()
								+ " ms: " + findings.size() + " finding(s)");
						return findings;
					}
				}
				catch (SQLException | DatabaseException ex) {
					throw MigrationFailures.databaseUnavailable(dataSource, ex);
				}
			});
		}
		catch (StatusUnavailableException ex) {
			throw MigrationFailures.statusUnavailable(beanName, ex);
		}
	}

	// the connection stays open: it is the caller's
	private static Database databaseOf(Connection connection, SpringLiquibase liquibase) throws DatabaseException {
		Database database = DatabaseFactory.getInstance()
			.findCorrectDatabaseImplementation(new JdbcConnection(connection));
		if (StringUtils.hasText(liquibase.getDefaultSchema())) {
			database.setDefaultSchemaName(liquibase.getDefaultSchema());
		}
		return database;
	}

	@Override
	public void check(String beanName, SpringLiquibase liquibase, ChangelogStatusReader statusReader) {
		if (this.policy == GuardPolicy.OFF) {
			return;
		}
		List<Finding> findings = findings(beanName, liquibase, statusReader);
		for (Finding finding : findings) {
			if (finding.acknowledged()) {
				logger.info("Acknowledged: " + finding.describe());
				notifyListeners(finding, GuardListener.Outcome.ACKNOWLEDGED);
			}
		}
		List<Finding> refused = findings.stream()
			.filter((finding) -> !finding.acknowledged())
			.filter((finding) -> this.policy == GuardPolicy.REFUSE
					|| finding.rule().effect() == SafetyRule.Effect.FAILS_AT_RUN_TIME)
			.toList();
		for (Finding finding : findings) {
			if (!finding.acknowledged() && !refused.contains(finding)) {
				logger.warn("Unsafe change (migration.guard.policy=warn, migrating anyway): " + finding.describe());
				notifyListeners(finding, GuardListener.Outcome.WARNED);
			}
		}
		if (refused.isEmpty()) {
			return;
		}
		for (Finding finding : refused) {
			logger.warn("Unsafe change: " + finding.describe());
			notifyListeners(finding, GuardListener.Outcome.REFUSED);
		}
		throw refusal(refused);
	}

	private static MigrationException refusal(List<Finding> refused) {
		Finding first = refused.get(0);
		String rules = refused.stream()
			.filter((finding) -> finding.rule().effect() != SafetyRule.Effect.FAILS_AT_RUN_TIME)
			.map((finding) -> finding.changeSet() + "::" + finding.rule().id())
			.distinct()
			.collect(Collectors.joining(","));
		String acknowledge = rules.isEmpty() ? "" : ", or acknowledge it after review with migration.guard.acknowledge="
				+ rules + " or a 'migration-guard: acknowledge <rule-id>' comment on the changeset";
		return new MigrationException(MigrationExitCode.UNSAFE_CHANGE,
				"Refused " + refused.size() + " unsafe change(s) before applying anything; first: Changeset "
						+ first.changeSet() + " " + first.rule().id() + ": " + first.reason(),
				"make it safe (" + first.rule().safeWay() + ")" + acknowledge, null);
	}

	private void notifyListeners(Finding finding, GuardListener.Outcome outcome) {
		for (GuardListener listener : this.listeners) {
			try {
				listener.findingJudged(finding, outcome);
			}
			catch (RuntimeException ex) {
				logger.warn("Guard listener " + listener + " failed: " + ex.getMessage());
			}
		}
	}

}
