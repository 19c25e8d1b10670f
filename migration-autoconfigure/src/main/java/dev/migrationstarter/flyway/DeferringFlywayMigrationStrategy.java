package dev.migrationstarter.flyway;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.flywaydb.core.Flyway;

import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;

/**
 * The {@link FlywayMigrationStrategy} that keeps Flyway's migration out of application
 * startup: the {@code Flyway} bean stays, and migrates only when the process is a normal
 * start with {@code migration.migrate-on-startup=true}.
 *
 * @author migration-starter
 */
public class DeferringFlywayMigrationStrategy implements FlywayMigrationStrategy {

	private static final Log logger = LogFactory.getLog(DeferringFlywayMigrationStrategy.class);

	private final FlywayMigrationStrategy delegate;

	private final boolean defer;

	/**
	 * Create a strategy that runs {@code flyway.migrate()} when it does not defer.
	 * @param defer whether to skip the migration
	 */
	public DeferringFlywayMigrationStrategy(boolean defer) {
		this(Flyway::migrate, defer);
	}

	/**
	 * Create a strategy around the application's own.
	 * @param delegate the strategy to run when this one does not defer
	 * @param defer whether to skip the migration
	 */
	public DeferringFlywayMigrationStrategy(FlywayMigrationStrategy delegate, boolean defer) {
		this.delegate = delegate;
		this.defer = defer;
	}

	@Override
	public void migrate(Flyway flyway) {
		if (this.defer) {
			logger.debug("Flyway will not migrate on startup");
			return;
		}
		this.delegate.migrate(flyway);
	}

	/**
	 * Whether this strategy skips the migration.
	 * @return whether it defers
	 */
	public boolean isDeferring() {
		return this.defer;
	}

}
