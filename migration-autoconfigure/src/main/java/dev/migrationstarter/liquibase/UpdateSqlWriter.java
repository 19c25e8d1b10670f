package dev.migrationstarter.liquibase;

import java.io.Writer;
import java.util.Map;

import dev.migrationstarter.core.MigrationFailures;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.Scope;
import liquibase.exception.LiquibaseException;
import liquibase.integration.spring.Customizer;
import liquibase.integration.spring.SpringLiquibase;

/**
 * Writes the SQL that a {@link SpringLiquibase} bean's update would run, applying
 * nothing: no lock is taken or released ({@link SqlOnlyLockService}), no changeset
 * recorded and, on a fresh database, no table created.
 *
 * <p>
 * The bean itself runs once with a customizer layered over its own, so every setting of
 * the bean applies; the customizer writes the SQL and then ends the run before the bean's
 * update would apply it.
 *
 * @author migration-starter
 */
public final class UpdateSqlWriter {

	private UpdateSqlWriter() {
	}

	/**
	 * Write the update SQL of the bean.
	 * @param liquibase the bean
	 * @param output where the SQL goes
	 * @throws dev.migrationstarter.core.MigrationException if the SQL could not be
	 * generated
	 */
	public static void write(SpringLiquibase liquibase, Writer output) {
		try {
			runOnce(liquibase, (configured) -> {
				try {
					Scope.child(Map.of(SqlOnlyLockService.SCOPE_KEY, true),
							() -> configured.update(new Contexts(liquibase.getContexts()),
									new LabelExpression(liquibase.getLabelFilter()), output));
				}
				catch (LiquibaseException ex) {
					throw new SqlNotWritten(ex);
				}
				catch (Exception ex) {
					throw (ex instanceof RuntimeException runtime) ? runtime : new IllegalStateException(ex);
				}
				throw new SqlWritten();
			});
		}
		catch (LiquibaseException | RuntimeException ex) {
			if (MigrationFailures.find(ex, SqlWritten.class) == null) {
				throw LiquibaseFailures.classify(ex, null);
			}
			return;
		}
		throw new IllegalStateException("Liquibase did not write the update SQL of " + liquibase.getChangeLog());
	}

	/**
	 * Run the bean's own update once, with a customizer layered over the bean's own one;
	 * the bean is allowed to run for this one call only.
	 * @param springLiquibase the bean
	 * @param customizer the customizer to layer over the bean's own
	 * @throws LiquibaseException if the update fails
	 */
	static void runOnce(SpringLiquibase springLiquibase, Customizer<Liquibase> customizer) throws LiquibaseException {
		Customizer<Liquibase> ownCustomizer = springLiquibase.getCustomizer();
		springLiquibase.setCustomizer((liquibase) -> {
			if (ownCustomizer != null) {
				ownCustomizer.customize(liquibase);
			}
			customizer.customize(liquibase);
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

	/**
	 * Ends the run once the SQL is written, before the bean's own update would apply it.
	 */
	private static final class SqlWritten extends RuntimeException {

		SqlWritten() {
			super("update SQL written", null, false, false);
		}

	}

	/**
	 * Carries a checked Liquibase exception out of a {@link Customizer}.
	 */
	private static final class SqlNotWritten extends RuntimeException {

		SqlNotWritten(LiquibaseException cause) {
			super(cause.getMessage(), cause);
		}

	}

}
