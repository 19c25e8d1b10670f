package dev.migrationstarter.check;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

import javax.sql.DataSource;

import dev.migrationstarter.status.ChangelogIndex;
import dev.migrationstarter.status.ChangelogStatusReader;
import dev.migrationstarter.status.ChangelogStatusReaders;
import liquibase.integration.spring.SpringLiquibase;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Finds the changelogs that a {@code --migrate-only} process of the same application
 * would migrate, and a reader for each.
 *
 * @author migration-starter
 */
final class SchemaStatusSource {

	private final Predicate<String> migratable;

	SchemaStatusSource(Predicate<String> migratable) {
		this.migratable = migratable;
	}

	Map<String, ChangelogStatusReader> readers(ConfigurableApplicationContext context) {
		Map<String, SpringLiquibase> liquibases = new LinkedHashMap<>();
		context.getBeansOfType(SpringLiquibase.class).forEach((name, liquibase) -> {
			if (this.migratable.test(name)) {
				liquibases.put(name, liquibase);
			}
		});
		ObjectProvider<DataSource> dataSource = context.getBeanProvider(DataSource.class);
		return new ChangelogStatusReaders(dataSource.getIfUnique(), context.getEnvironment(), context,
				Clock.systemUTC(), context.getBeanProvider(ChangelogIndex.class).getIfAvailable())
			.readers(liquibases);
	}

}
