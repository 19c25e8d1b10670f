package dev.migrationstarter.flyway;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;

/**
 * Wraps a {@link FlywayMigrationStrategy} bean of the application in a
 * {@link DeferringFlywayMigrationStrategy}, so that its strategy runs only when a
 * migration on startup is wanted, and never in a run-and-exit process.
 *
 * @author migration-starter
 */
public class FlywayMigrationStrategyDeferral implements BeanPostProcessor {

	private final boolean defer;

	/**
	 * Create a deferral.
	 * @param defer whether the application's strategies must not run
	 */
	public FlywayMigrationStrategyDeferral(boolean defer) {
		this.defer = defer;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof FlywayMigrationStrategy strategy && !(bean instanceof DeferringFlywayMigrationStrategy)) {
			return new DeferringFlywayMigrationStrategy(strategy, this.defer);
		}
		return bean;
	}

}
