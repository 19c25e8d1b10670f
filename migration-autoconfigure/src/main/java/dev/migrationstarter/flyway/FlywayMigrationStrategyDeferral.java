package dev.migrationstarter.flyway;

import org.flywaydb.core.Flyway;

import org.springframework.beans.DirectFieldAccessor;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationInitializer;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;

/**
 * Wraps a {@link FlywayMigrationStrategy} bean of the application in a
 * {@link DeferringFlywayMigrationStrategy}, so that its strategy runs only when a
 * migration on startup is wanted, and never in a run-and-exit process; a
 * {@link FlywayMigrationInitializer} bean of the application's own, which Spring Boot's
 * strategy never reaches, gets the same deferral before it initialises.
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
	public Object postProcessBeforeInitialization(Object bean, String beanName) {
		if (bean instanceof FlywayMigrationInitializer initializer) {
			DirectFieldAccessor fields = new DirectFieldAccessor(initializer);
			if (!(fields.getPropertyValue("migrationStrategy") instanceof DeferringFlywayMigrationStrategy)) {
				FlywayMigrationStrategy own = (FlywayMigrationStrategy) fields.getPropertyValue("migrationStrategy");
				FlywayMigrationInitializer deferring = new FlywayMigrationInitializer(
						(Flyway) fields.getPropertyValue("flyway"),
						new DeferringFlywayMigrationStrategy((own != null) ? own : Flyway::migrate, this.defer));
				deferring.setOrder(initializer.getOrder());
				return deferring;
			}
		}
		return bean;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof FlywayMigrationStrategy strategy && !(bean instanceof DeferringFlywayMigrationStrategy)) {
			return new DeferringFlywayMigrationStrategy(strategy, this.defer);
		}
		return bean;
	}

}
