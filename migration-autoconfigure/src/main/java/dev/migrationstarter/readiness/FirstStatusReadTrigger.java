package dev.migrationstarter.readiness;

import java.util.Arrays;
import java.util.List;

import dev.migrationstarter.core.MigrationEngine;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.util.ClassUtils;

/**
 * Starts the first status reads as soon as a migration engine bean (a
 * {@code SpringLiquibase} or a {@code Flyway}) exists, rather than when the health
 * contributor is created near the end of the context refresh, so that the read
 * (connecting to the database, looking up or parsing the migrations) runs while the rest
 * of the application starts.
 *
 * <p>
 * The monitors need every engine bean, and a bean is not available to others while its
 * own post-processing runs, so they are created when the next bean has been initialised.
 * If they cannot be created then, they are created later as any other bean.
 *
 * @author migration-starter
 */
public class FirstStatusReadTrigger implements BeanPostProcessor, BeanFactoryAware {

	private final List<Class<?>> engineBeanTypes;

	private BeanFactory beanFactory;

	private volatile boolean engineBeanInitialised;

	public FirstStatusReadTrigger() {
		ClassLoader classLoader = getClass().getClassLoader();
		this.engineBeanTypes = Arrays.stream(MigrationEngine.values())
			.map(MigrationEngine::beanClassName)
			.filter((type) -> ClassUtils.isPresent(type, classLoader))
			.<Class<?>>map((type) -> ClassUtils.resolveClassName(type, classLoader))
			.toList();
	}

	private volatile boolean triggered;

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (this.engineBeanTypes.stream().anyMatch((type) -> type.isInstance(bean))) {
			this.engineBeanInitialised = true;
		}
		else if (this.engineBeanInitialised && !this.triggered) {
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
