package dev.migrationstarter.liquibase;

import dev.migrationstarter.mode.InvalidMigrationInputException;
import liquibase.integration.spring.SpringLiquibase;

import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Refuses, in {@code --migrate-only}, a {@link SpringLiquibase} bean that would drop the
 * schema first, whether Spring Boot built it from {@code spring.liquibase.drop-first} or
 * the application declared it: the drop would also take the migration lock table while
 * the lock is held, and a release phase never drops the schema.
 *
 * @author migration-starter
 */
public class DropFirstRefusal implements BeanPostProcessor {

	@Override
	public Object postProcessBeforeInitialization(Object bean, String beanName) {
		if (bean instanceof SpringLiquibase liquibase && liquibase.isDropFirst()) {
			throw new InvalidMigrationInputException("Liquibase bean '" + beanName
					+ "' drops the schema first (dropFirst=true, spring.liquibase.drop-first), which --migrate-only "
					+ "refuses: a release phase never drops the schema.",
					"Remove drop-first from the bean; to rebuild a development database, drop it by hand or run "
							+ "the application with migration.migrate-on-startup=true.");
		}
		return bean;
	}

}
