package dev.migrationstarter.flyway;

import java.time.Clock;
import java.util.Collection;
import java.util.List;

import dev.migrationstarter.core.MigrationTarget;
import org.flywaydb.core.Flyway;

import org.springframework.beans.factory.ListableBeanFactory;

/**
 * A {@link FlywayTarget} for every {@link Flyway} bean of the context, Spring Boot's and
 * the application's own.
 *
 * @author migration-starter
 */
public class FlywayTargets implements MigrationTargetFactory {

	private final ListableBeanFactory beanFactory;

	private final Collection<String> ownTables;

	/**
	 * Create the factory.
	 * @param beanFactory where the {@code Flyway} beans are
	 * @param ownTables the names of migration-starter's own tables
	 */
	public FlywayTargets(ListableBeanFactory beanFactory, Collection<String> ownTables) {
		this.beanFactory = beanFactory;
		this.ownTables = List.copyOf(ownTables);
	}

	@Override
	public List<MigrationTarget> targets() {
		return this.beanFactory.getBeansOfType(Flyway.class)
			.entrySet()
			.stream()
			.map((entry) -> (MigrationTarget) new FlywayTarget(entry.getKey(), entry.getValue(), this.ownTables,
					Clock.systemUTC()))
			.toList();
	}

}
