package dev.migrationstarter.flyway;

import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;

/**
 * A Flyway {@link Callback} of the starter's own that follows each migration as it runs:
 * before it, after it was applied, and after it failed.
 *
 * @author migration-starter
 */
abstract class EachMigrationCallback implements Callback {

	@Override
	public final boolean supports(Event event, Context context) {
		return event == Event.BEFORE_EACH_MIGRATE || event == Event.AFTER_EACH_MIGRATE
				|| event == Event.AFTER_EACH_MIGRATE_ERROR;
	}

	@Override
	public final boolean canHandleInTransaction(Event event, Context context) {
		return true;
	}

	@Override
	public final void handle(Event event, Context context) {
		switch (event) {
			case BEFORE_EACH_MIGRATE -> beforeMigration(context);
			case AFTER_EACH_MIGRATE -> afterMigration(context);
			case AFTER_EACH_MIGRATE_ERROR -> afterFailedMigration(context);
			default -> {
			}
		}
	}

	/**
	 * Called before a migration runs.
	 * @param context the migration's context
	 */
	abstract void beforeMigration(Context context);

	/**
	 * Called after a migration was applied.
	 * @param context the migration's context
	 */
	abstract void afterMigration(Context context);

	/**
	 * Called after a migration failed.
	 * @param context the migration's context
	 */
	abstract void afterFailedMigration(Context context);

}
