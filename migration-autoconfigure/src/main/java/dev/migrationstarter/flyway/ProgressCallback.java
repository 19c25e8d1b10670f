package dev.migrationstarter.flyway;

import dev.migrationstarter.core.ChangeProgress;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;

/**
 * Tells a {@link ChangeProgress} about each migration that Flyway runs; the lock check in
 * {@link ChangeProgress#starting} runs before the migration's first statement.
 *
 * @author migration-starter
 */
final class ProgressCallback implements Callback {

	private final ChangeProgress progress;

	ProgressCallback(ChangeProgress progress) {
		this.progress = progress;
	}

	@Override
	public boolean supports(Event event, Context context) {
		return event == Event.BEFORE_EACH_MIGRATE || event == Event.AFTER_EACH_MIGRATE
				|| event == Event.AFTER_EACH_MIGRATE_ERROR;
	}

	@Override
	public boolean canHandleInTransaction(Event event, Context context) {
		return true;
	}

	@Override
	public void handle(Event event, Context context) {
		String migration = FlywayScripts.name(context.getMigrationInfo());
		switch (event) {
			case BEFORE_EACH_MIGRATE -> this.progress.starting(migration);
			case AFTER_EACH_MIGRATE -> this.progress.applied(migration);
			case AFTER_EACH_MIGRATE_ERROR -> this.progress.failed(migration);
			default -> {
			}
		}
	}

	@Override
	public String getCallbackName() {
		return "migration-starter progress";
	}

}
