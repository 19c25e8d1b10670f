package dev.migrationstarter.liquibase;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import liquibase.integration.spring.SpringLiquibase;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.DirectFieldAccessor;
import org.springframework.beans.factory.config.InstantiationAwareBeanPostProcessor;
import org.springframework.boot.liquibase.autoconfigure.DataSourceClosingSpringLiquibase;
import org.springframework.core.Ordered;
import org.springframework.core.PriorityOrdered;

/**
 * Keeps every {@link SpringLiquibase} bean in the context, but stops it from updating the
 * database when it is initialised.
 *
 * <p>
 * The beans stay so that {@code /actuator/liquibase}, the readiness check and the
 * {@code --migrate-only} runner can use their configuration. A bean that was switched off
 * by its own {@code shouldRun=false} is remembered as such and is never migrated.
 *
 * @author migration-starter
 */
public class LiquibaseOnStartupSuppressor implements InstantiationAwareBeanPostProcessor, PriorityOrdered {

	private static final Log logger = LogFactory.getLog(LiquibaseOnStartupSuppressor.class);

	private final boolean suppress;

	private final boolean keepMigrationDataSourceOpen;

	private final Supplier<LiquibasePreinitialization> preinitialization;

	private final Set<String> deferredBeanNames = ConcurrentHashMap.newKeySet();

	/**
	 * Create a new suppressor.
	 * @param suppress whether to stop Liquibase on startup; {@code false} restores
	 * migrate-on-startup
	 * @param keepMigrationDataSourceOpen whether a data source that Spring Boot built
	 * only for Liquibase (from {@code spring.liquibase.url} or
	 * {@code spring.liquibase.user}) stays open after initialisation so that it can be
	 * migrated or read later
	 * @param preinitialization Liquibase's initialisation in the background, awaited
	 * before the first bean is created
	 */
	public LiquibaseOnStartupSuppressor(boolean suppress, boolean keepMigrationDataSourceOpen,
			Supplier<LiquibasePreinitialization> preinitialization) {
		this.suppress = suppress;
		this.keepMigrationDataSourceOpen = keepMigrationDataSourceOpen;
		this.preinitialization = preinitialization;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	public Object postProcessBeforeInstantiation(Class<?> beanClass, String beanName) {
		if (SpringLiquibase.class.isAssignableFrom(beanClass)) {
			// the bean is the main thread's first use of Liquibase
			this.preinitialization.get().awaitInitialisation(Duration.ofSeconds(30));
		}
		return null;
	}

	@Override
	public Object postProcessBeforeInitialization(Object bean, String beanName) {
		if (this.suppress && bean instanceof SpringLiquibase liquibase && wantsToRun(liquibase)) {
			this.deferredBeanNames.add(beanName);
			liquibase.setShouldRun(false);
			logger.debug("Liquibase bean '" + beanName + "' will not migrate on startup");
		}
		if (this.keepMigrationDataSourceOpen && bean instanceof DataSourceClosingSpringLiquibase closing) {
			closing.setCloseDataSourceOnceMigrated(false);
		}
		return bean;
	}

	private static boolean wantsToRun(SpringLiquibase liquibase) {
		// SpringLiquibase exposes no getter for shouldRun
		return Boolean.TRUE.equals(new DirectFieldAccessor(liquibase).getPropertyValue("shouldRun"));
	}

	/**
	 * Whether the named bean wanted to migrate on startup and was deferred.
	 * @param beanName the bean name
	 * @return whether the bean was deferred
	 */
	public boolean isDeferred(String beanName) {
		return this.deferredBeanNames.contains(beanName);
	}

}
