package dev.migrationstarter.status;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import liquibase.integration.spring.SpringLiquibase;

import org.springframework.core.io.ResourceLoader;

/**
 * Creates one {@link ChangelogStatusReader} per {@link SpringLiquibase} bean.
 *
 * @author migration-starter
 */
public final class ChangelogStatusReaders {

	private ChangelogStatusReaders() {
	}

	/**
	 * Create a reader for each bean.
	 * @param liquibases the beans by name
	 * @param applicationDataSource the application's own data source, or {@code null};
	 * preferred over a bean's migration data source because the runtime login is enough
	 * to read and a migration-only login may not exist outside the migration job
	 * @param resourceLoader loads the changelogs
	 * @param clock the clock for {@link MigrationStatus#checkedAt()}
	 * @param index where the migration job left the changesets of the changelogs, or
	 * {@code null} to always parse them
	 * @return the readers by bean name, in the order of the beans
	 */
	public static Map<String, ChangelogStatusReader> of(Map<String, SpringLiquibase> liquibases,
			DataSource applicationDataSource, ResourceLoader resourceLoader, Clock clock, ChangelogIndex index) {
		Map<String, ChangelogStatusReader> readers = new LinkedHashMap<>();
		liquibases.forEach((name, liquibase) -> {
			DataSource dataSource = (applicationDataSource != null) ? applicationDataSource : liquibase.getDataSource();
			readers.put(name, new ChangelogStatusReader(liquibase, resourceLoader, dataSource, clock, index));
		});
		return readers;
	}

}
