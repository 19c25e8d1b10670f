package dev.migrationstarter.mode;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.core.Ordered;

/**
 * Makes every bean lazy that was not explicitly declared eager, including those that
 * Spring Boot's lazy initialisation leaves eager on purpose (beans with
 * {@code @Scheduled} methods, for instance), so that a run-and-exit mode creates only the
 * beans it asks for.
 *
 * @author migration-starter
 */
public class LazyEverythingPostProcessor implements BeanFactoryPostProcessor, Ordered {

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
		for (String name : beanFactory.getBeanDefinitionNames()) {
			BeanDefinition definition = beanFactory.getBeanDefinition(name);
			if (definition instanceof AbstractBeanDefinition candidate && candidate.getLazyInit() == null
					&& candidate.getRole() != BeanDefinition.ROLE_INFRASTRUCTURE) {
				definition.setLazyInit(true);
			}
		}
	}

}
