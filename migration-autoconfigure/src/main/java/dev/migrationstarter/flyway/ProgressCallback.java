package dev.migrationstarter.flyway;

import dev.migrationstarter.core.ChangeProgress;
import org.flywaydb.core.api.callback.Context;

/**
 * Tells a {@link ChangeProgress} about each migration that Flyway runs; the lock check in
 * {@link ChangeProgress#starting} runs before the migration's first statement.
 *
 * @author migration-starter
 */
final class ProgressCallback extends EachMigrationCallback {

	private final ChangeProgress progress;

	ProgressCallback(ChangeProgress progress) {
		this.progress = progress;
	}

	@Override
	void beforeMigration(Context context) {
		this.progress.starting(FlywayScripts.name(context.getMigrationInfo()));
	}

	@Override
	void afterMigration(Context context) {
		this.progress.applied(FlywayScripts.name(context.getMigrationInfo()));
	}

	@Override
	void afterFailedMigration(Context context) {
		this.progress.failed(FlywayScripts.name(context.getMigrationInfo()));
	}

	@Override
	public String getCallbackName() {
		return "migration-starter progress";
	}

}
