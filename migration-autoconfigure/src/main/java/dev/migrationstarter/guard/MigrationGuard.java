package dev.migrationstarter.guard;

import java.io.StringWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;

import dev.migrationstarter.jdbc.DatabaseDialect;
import dev.migrationstarter.runner.MigrationException;
import dev.migrationstarter.runner.MigrationExitCode;
import dev.migrationstarter.runner.MigrationFailures;
import dev.migrationstarter.runner.PendingChangeCheck;
import dev.migrationstarter.runner.UpdateSqlWriter;
import dev.migrationstarter.status.LiquibaseTables;
import liquibase.integration.spring.SpringLiquibase;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Judges the pending changesets of a {@link SpringLiquibase} bean against the
 * zero-downtime rules before anything is applied, and refuses or warns as the
 * {@link GuardPolicy} says.
 *
 * @author migration-starter
 */
public class MigrationGuard implements PendingChangeCheck {

	private static final Log logger = LogFactory.getLog(MigrationGuard.class);

	private final GuardPolicy policy;

	private final Acknowledgements acknowledgements;

	/**
	 * Create a guard.
	 * @param policy what to do with an unacknowledged finding
	 * @param acknowledgements what the team acknowledged in configuration
	 */
	public MigrationGuard(GuardPolicy policy, Acknowledgements acknowledgements) {
		this.policy = policy;
		this.acknowledgements = acknowledgements;
	}

	/**
	 * The findings of the bean's pending changesets, acknowledged ones included. Reads
	 * only.
	 * @param liquibase the bean
	 * @return the findings
	 * @throws MigrationException if the changelog or the database cannot be read
	 */
	public List<Finding> findings(SpringLiquibase liquibase) {
		DatabaseDialect dialect;
		try (Connection connection = liquibase.getDataSource().getConnection()) {
			if (!LiquibaseTables.changelogTableExists(liquibase, connection)) {
				// no release has migrated the database: no running version, no traffic
				return List.of();
			}
			dialect = DatabaseDialect.of(connection);
		}
		catch (SQLException ex) {
			throw MigrationFailures.databaseUnavailable(liquibase.getDataSource(), ex);
		}
		StringWriter sql = new StringWriter();
		UpdateSqlWriter.write(liquibase, sql);
		return SafetyCheck.check(UpdateSqlScript.parse(sql.toString()), dialect, this.acknowledgements);
	}

	@Override
	public void check(String beanName, SpringLiquibase liquibase) {
		if (this.policy == GuardPolicy.OFF) {
			return;
		}
		List<Finding> findings = findings(liquibase);
		findings.stream()
			.filter(Finding::acknowledged)
			.forEach((finding) -> logger.info("Acknowledged: " + finding.describe()));
		List<Finding> unacknowledged = findings.stream().filter((finding) -> !finding.acknowledged()).toList();
		if (unacknowledged.isEmpty()) {
			return;
		}
		if (this.policy == GuardPolicy.WARN) {
			unacknowledged.forEach((finding) -> logger
				.warn("Unsafe change (migration.guard.policy=warn, migrating " + "anyway): " + finding.describe()));
			return;
		}
		unacknowledged.forEach((finding) -> logger.warn("Unsafe change: " + finding.describe()));
		Finding first = unacknowledged.get(0);
		String rules = unacknowledged.stream()
			.map((finding) -> finding.changeSet() + "::" + finding.rule().id())
			.distinct()
			.collect(Collectors.joining(", "));
		throw new MigrationException(MigrationExitCode.UNSAFE_CHANGE,
				"Refused " + unacknowledged.size() + " unsafe change(s) before applying anything; first: Changeset "
						+ first.changeSet() + " " + first.rule().id() + ": " + first.rule().reason(),
				"make it safe (" + first.rule().safeWay() + "), or acknowledge it after review with "
						+ "migration.guard.acknowledge=" + rules
						+ " or a 'migration-guard: acknowledge <rule-id>' comment on the changeset",
				null);
	}

}
