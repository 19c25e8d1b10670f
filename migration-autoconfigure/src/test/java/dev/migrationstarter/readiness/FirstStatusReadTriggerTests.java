package dev.migrationstarter.readiness;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import liquibase.integration.spring.SpringLiquibase;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.RootBeanDefinition;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link FirstStatusReadTrigger}.
 *
 * @author migration-starter
 */
class FirstStatusReadTriggerTests {

	private final AtomicInteger monitorsCreated = new AtomicInteger();

	private final DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();

	private final FirstStatusReadTrigger trigger = new FirstStatusReadTrigger();

	FirstStatusReadTriggerTests() {
		this.beanFactory.registerBeanDefinition("migrationStatusMonitors",
				new RootBeanDefinition(MigrationStatusMonitors.class, () -> {
					this.monitorsCreated.incrementAndGet();
					return new MigrationStatusMonitors(Map.of());
				}));
		this.trigger.setBeanFactory(this.beanFactory);
	}

	@Test
	void createsTheMonitorsOnceTheBeanAfterALiquibaseBeanIsInitialised() {
		this.trigger.postProcessAfterInitialization(new Object(), "before");
		assertThat(this.monitorsCreated).as("no Liquibase bean yet").hasValue(0);
		this.trigger.postProcessAfterInitialization(new SpringLiquibase(), "liquibase");
		assertThat(this.monitorsCreated).as("the Liquibase bean is not available while it is post-processed")
			.hasValue(0);
		this.trigger.postProcessAfterInitialization(new Object(), "next");
		assertThat(this.monitorsCreated).hasValue(1);
		this.trigger.postProcessAfterInitialization(new Object(), "later");
		assertThat(this.beanFactory.getBean(MigrationStatusMonitors.class)).isNotNull();
		assertThat(this.monitorsCreated).as("created once").hasValue(1);
	}

	@Test
	void leavesTheMonitorsToLaterWhenTheyCannotBeCreatedYet() {
		this.beanFactory.registerBeanDefinition("migrationStatusMonitors",
				new RootBeanDefinition(MigrationStatusMonitors.class, () -> {
					throw new IllegalStateException("a dependency is still being created");
				}));
		this.trigger.postProcessAfterInitialization(new SpringLiquibase(), "liquibase");
		assertThat(this.trigger.postProcessAfterInitialization("bean", "next")).isEqualTo("bean");
	}

}
