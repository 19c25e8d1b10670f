package dev.migrationstarter.readiness;

import liquibase.integration.spring.SpringLiquibase;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Starts the first status reads as soon as a {@code SpringLiquibase} bean exists, rather
 * than when the health contributor is created near the end of the context refresh, so
 * that the read (connecting to the database, looking up or parsing the changelog) runs
 * while the rest of the application starts.
 *
 * <p>
 * The monitors need every {@code SpringLiquibase} bean, and a bean is not available to
 * others while its own post-processing runs, so they are created when the next bean has
 * been initialised. If they cannot be created then, they are created later as any other
 * bean.
 *
 * @author migration-starter
 */
public class FirstStatusReadTrigger implements BeanPostProcessor, BeanFactoryAware {

	private BeanFactory beanFactory;

	private volatile boolean liquibaseInitialised;

	private volatile boolean triggered;

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof SpringLiquibase) {
			this.liquibaseInitialised = true;
		}
		else if (this.liquibaseInitialised && !this.triggered) {
			this.triggered = true;
			try {
				this.beanFactory.getBeanProvider(MigrationStatusMonitors.class).getIfAvailable();
			}
			catch (BeansException ex) {
				// created later, when the health contributor needs them
			}
		}
		return bean;
	}

}
