package dev.migrationstarter.guard;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import dev.migrationstarter.core.MigrationEngine;
import dev.migrationstarter.core.MigrationException;
import dev.migrationstarter.core.MigrationExitCode;
import dev.migrationstarter.core.MigrationFailures;
import dev.migrationstarter.core.MigrationTarget;
import dev.migrationstarter.core.PendingChange;
import dev.migrationstarter.core.PendingChangeCheck;
import dev.migrationstarter.jdbc.DatabaseDialect;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Judges the pending migrations of a {@link MigrationTarget} against the zero-downtime
 * rules before anything is applied, and refuses or warns as the {@link GuardPolicy} says.
 *
 * <p>
 * The SQL judged is what the target's engine would run for its pending migrations on its
 * database ({@link MigrationTarget#pendingChanges()}); nothing is applied and no lock is
 * taken. On MariaDB and MySQL the server is asked about each {@code ALTER TABLE} on an
 * empty copy of the table ({@link OnlineAlterProbe}).
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
	 * The findings of the target's pending migrations, acknowledged ones included.
	 * @param target the target
	 * @return the findings
	 * @throws MigrationException if the migrations or the database cannot be read
	 */
	public List<Finding> findings(MigrationTarget target) {
		long started = System.nanoTime();
		List<PendingChange> pending = target.pendingChanges();
		if (pending.isEmpty()) {
			return List.of();
		}
		DataSource dataSource = target.dataSource();
		try (Connection connection = dataSource.getConnection()) {
			DatabaseDialect dialect = DatabaseDialect.of(connection);
			try (OnlineAlterProbe server = (dialect == DatabaseDialect.MARIADB) ? new OnlineAlterProbe(connection)
					: null) {
				List<Finding> findings = SafetyCheck.check(pending, dialect, this.acknowledgements, server);
				logger.info("Zero-downtime guard judged " + pending.size() + " " + target.engine().changeNoun()
						+ "(s) of " + target.engine().displayName() + " '" + target.name() + "' in "
						+ Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms: " + findings.size()
						+ " finding(s)");
				return findings;
			}
		}
		catch (SQLException ex) {
			throw MigrationFailures.databaseUnavailable(dataSource, ex);
		}
	}

	@Override
	public void check(MigrationTarget target) {
		if (this.policy == GuardPolicy.OFF) {
			return;
		}
		MigrationEngine engine = target.engine();
		List<Finding> findings = findings(target);
		for (Finding finding : findings) {
			if (finding.acknowledged()) {
				logger.info("Acknowledged: " + finding.describe());
				notifyListeners(engine, finding, GuardListener.Outcome.ACKNOWLEDGED);
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
				notifyListeners(engine, finding, GuardListener.Outcome.WARNED);
			}
		}
		if (refused.isEmpty()) {
			return;
		}
		for (Finding finding : refused) {
			logger.warn("Unsafe change: " + finding.describe());
			notifyListeners(engine, finding, GuardListener.Outcome.REFUSED);
		}
		throw refusal(engine, refused);
	}

	private static MigrationException refusal(MigrationEngine engine, List<Finding> refused) {
		Finding first = refused.get(0);
		String rules = refused.stream()
			.filter((finding) -> finding.rule().effect() != SafetyRule.Effect.FAILS_AT_RUN_TIME)
			.map((finding) -> finding.changeSet() + "::" + finding.rule().id())
			.distinct()
			.collect(Collectors.joining(","));
		String acknowledge = rules.isEmpty() ? "" : ", or acknowledge it after review with migration.guard.acknowledge="
				+ rules + " or a 'migration-guard: acknowledge <rule-id>' comment on the " + engine.changeNoun();
		return new MigrationException(MigrationExitCode.UNSAFE_CHANGE,
				"Refused " + refused.size() + " unsafe change(s) before applying anything; first: "
						+ capitalized(engine.changeNoun()) + " " + first.changeSet() + " " + first.rule().id() + ": "
						+ first.reason(),
				"make it safe (" + first.rule().safeWay() + ")" + acknowledge, null);
	}

	private static String capitalized(String word) {
		return Character.toUpperCase(word.charAt(0)) + word.substring(1);
	}

	private void notifyListeners(MigrationEngine engine, Finding finding, GuardListener.Outcome outcome) {
		for (GuardListener listener : this.listeners) {
			try {
				listener.findingJudged(engine, finding, outcome);
			}
			catch (RuntimeException ex) {
				logger.warn("Guard listener " + listener + " failed: " + ex.getMessage());
			}
		}
	}

}
