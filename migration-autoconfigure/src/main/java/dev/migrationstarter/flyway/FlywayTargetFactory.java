package dev.migrationstarter.flyway;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import javax.sql.DataSource;

import dev.migrationstarter.core.MigrationEngine;
import dev.migrationstarter.core.MigrationTarget;
import dev.migrationstarter.core.MigrationTargetFactory;
import org.flywaydb.core.Flyway;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Turns every {@link Flyway} bean of the context, Spring Boot's and the application's
 * own, into a {@link FlywayTarget}.
 *
 * <p>
 * Which data source reads a bean's status:
 * <ol>
 * <li>{@code --migrate-only} and its dry run read through the data source that
 * migrates.</li>
 * <li>A bean that Spring Boot built with a data source of its own from
 * {@code spring.flyway.user} (and {@code spring.flyway.url} naming the application's
 * database, or none) migrates the application's database with another login: the
 * readiness check, {@code --migration-status} and {@code --await-schema} read it through
 * the application's own data source, so the migration's login need not exist outside the
 * migration job.</li>
 * <li>Every other bean is read through its own data source: a {@code @FlywayDataSource},
 * a bean the application declares, or the data source Spring Boot built from a
 * {@code spring.flyway.url} naming another database, which the application's login does
 * not reach.</li>
 * </ol>
 *
 * @author migration-starter
 */
public class FlywayTargetFactory implements MigrationTargetFactory {

	private static final String BOOT_FLYWAY_CONFIGURATION = "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration$FlywayConfiguration";

	private final ConfigurableApplicationContext context;

	private final Collection<String> ownTables;

	private final ObjectProvider<FlywayLockTimeoutGuard> lockGuard;

	/**
	 * Create the factory.
	 * @param context the context that holds the beans
	 * @param ownTables the names of migration-starter's own tables
	 * @param lockGuard bounds the lock waits of each migration of {@code --migrate-only}
	 */
	public FlywayTargetFactory(ConfigurableApplicationContext context, Collection<String> ownTables,
			ObjectProvider<FlywayLockTimeoutGuard> lockGuard) {
		this.context = context;
		this.ownTables = List.copyOf(ownTables);
		this.lockGuard = lockGuard;
	}

	@Override
	public MigrationEngine engine() {
		return MigrationEngine.FLYWAY;
	}

	@Override
	public List<MigrationTarget> targets(Use use) {
		Map<String, Flyway> beans = this.context.getBeansOfType(Flyway.class);
		Map<String, DataSource> dataSources = this.context.getBeansOfType(DataSource.class);
		DataSource application = (use != Use.MIGRATE) ? this.context.getBeanProvider(DataSource.class).getIfUnique()
				: null;
		FlywayLockTimeoutGuard guard = (use == Use.MIGRATE) ? this.lockGuard.getIfAvailable() : null;
		List<MigrationTarget> targets = new ArrayList<>();
		beans.forEach((name, flyway) -> {
			DataSource own = flyway.getConfiguration().getDataSource();
			DataSource reading = (application != null && isBuiltForTheApplicationDatabase(name, own, dataSources))
					? application : own;
			targets.add(new FlywayTarget(name, flyway, reading, this.ownTables, Clock.systemUTC(), guard));
		});
		return targets;
	}

	private boolean isBuiltForTheApplicationDatabase(String name, DataSource own, Map<String, DataSource> dataSources) {
		return own != null && !dataSources.containsValue(own) && isSpringBootsBean(name)
				&& !flywayUrlNamesAnotherDatabase(this.context.getEnvironment());
	}

	private boolean isSpringBootsBean(String name) {
		ConfigurableListableBeanFactory beanFactory = this.context.getBeanFactory();
		if (!beanFactory.containsBeanDefinition(name)) {
			return false;
		}
		BeanDefinition definition = beanFactory.getBeanDefinition(name);
		return definition instanceof AnnotatedBeanDefinition annotated && annotated.getFactoryMethodMetadata() != null
				&& BOOT_FLYWAY_CONFIGURATION.equals(annotated.getFactoryMethodMetadata().getDeclaringClassName());
	}

	/**
	 * Whether {@code spring.flyway.url} names another database than
	 * {@code spring.datasource.url}.
	 * @param environment the environment
	 * @return whether Flyway migrates another database than the application's
	 */
	static boolean flywayUrlNamesAnotherDatabase(Environment environment) {
		String flywayUrl = environment.getProperty("spring.flyway.url");
		return StringUtils.hasText(flywayUrl) && !flywayUrl.strip()
			.equals(Objects.toString(environment.getProperty("spring.datasource.url"), "").strip());
	}

	@Override
	public String noTargetReason() {
		return "spring.flyway.enabled=false, or no DataSource";
	}

}
