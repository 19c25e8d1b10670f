package dev.migrationstarter.liquibase.status;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import javax.sql.DataSource;

import liquibase.integration.spring.SpringLiquibase;

import org.springframework.boot.liquibase.autoconfigure.DataSourceClosingSpringLiquibase;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.StringUtils;

/**
 * Decides, for every status read, which data source reads the status of a
 * {@link SpringLiquibase} bean, and creates the readers.
 *
 * <p>
 * A status is always read from the database that the bean itself migrates:
 * <ol>
 * <li>A bean with a data source of its own (a second {@code DataSource}, a
 * {@code @LiquibaseDataSource}, a bean the application declares) is read through that
 * data source.</li>
 * <li>A bean that Spring Boot built from {@code spring.liquibase.user} without
 * {@code spring.liquibase.url} migrates the application's database with another login:
 * the readiness check, {@code --migration-status} and {@code --await-schema} read it
 * through the application's own data source, so the migration's login need not exist
 * outside the migration job (Spring Boot closes its data source after start-up).</li>
 * <li>A bean that Spring Boot built from a {@code spring.liquibase.url} naming another
 * database than {@code spring.datasource.url} is read through its own data source, which
 * then stays open in the running application: the application's login does not reach that
 * database.</li>
 * <li>The up-to-date check of {@code --migrate-only} reads through the data source that
 * is about to migrate.</li>
 * </ol>
 *
 * @author migration-starter
 */
public final class ChangelogStatusReaders {

	private static final String LIQUIBASE_URL = "spring.liquibase.url";

	private static final String DATASOURCE_URL = "spring.datasource.url";

	private final DataSource applicationDataSource;

	private final boolean liquibaseUrlNamesAnotherDatabase;

	private final ResourceLoader resourceLoader;

	private final Clock clock;

	private final ChangelogIndex index;

	private final PreparsedChangelogs preparsed;

	/**
	 * Create the factory of readers.
	 * @param applicationDataSource the application's own data source, or {@code null}
	 * @param environment the environment that holds {@code spring.liquibase.url}
	 * @param resourceLoader loads the changelogs
	 * @param clock the clock for
	 * {@link dev.migrationstarter.core.MigrationStatus#checkedAt()}
	 * @param index where the migration job left the changesets of the changelogs, or
	 * {@code null} to always parse them
	 * @param preparsed the parse that start-up may have run ahead, for the first reader
	 * that parses
	 */
	public ChangelogStatusReaders(DataSource applicationDataSource, Environment environment,
			ResourceLoader resourceLoader, Clock clock, ChangelogIndex index, PreparsedChangelogs preparsed) {
		this.applicationDataSource = applicationDataSource;
		this.liquibaseUrlNamesAnotherDatabase = liquibaseUrlNamesAnotherDatabase(environment);
		this.resourceLoader = resourceLoader;
		this.clock = clock;
		this.index = index;
		this.preparsed = preparsed;
	}

	/**
	 * Whether {@code spring.liquibase.url} names another database than
	 * {@code spring.datasource.url}, so that the data source Spring Boot builds for
	 * Liquibase must stay open to be read.
	 * @param environment the environment
	 * @return whether Liquibase migrates another database than the application's
	 */
	public static boolean liquibaseUrlNamesAnotherDatabase(Environment environment) {
		String liquibaseUrl = environment.getProperty(LIQUIBASE_URL);
		return StringUtils.hasText(liquibaseUrl)
				&& !liquibaseUrl.strip().equals(Objects.toString(environment.getProperty(DATASOURCE_URL), "").strip());
	}

	/**
	 * The data source that reads the status of a bean for the readiness check, the
	 * meters, {@code --migration-status} and {@code --await-schema}.
	 * @param liquibase the bean
	 * @return the data source of the database the bean migrates
	 */
	public DataSource dataSourceFor(SpringLiquibase liquibase) {
		DataSource own = liquibase.getDataSource();
		boolean builtForTheApplicationDatabase = liquibase instanceof DataSourceClosingSpringLiquibase
				&& !this.liquibaseUrlNamesAnotherDatabase;
		if (own == null || (builtForTheApplicationDatabase && this.applicationDataSource != null)) {
			return this.applicationDataSource;
		}
		return own;
	}

	/**
	 * Create a reader for each bean, for the readiness check, the meters,
	 * {@code --migration-status} and {@code --await-schema}. Readers of beans that share
	 * a changelog table (same data source, schema and table) know each other's
	 * changesets, so that none of them counts another's as unknown.
	 * @param liquibases the beans by name
	 * @return the readers by bean name, in the order of the beans
	 */
	public Map<String, ChangelogStatusReader> readers(Map<String, SpringLiquibase> liquibases) {
		Map<String, ChangelogStatusReader> readers = new LinkedHashMap<>();
		Map<List<Object>, List<ChangelogStatusReader>> byTable = new LinkedHashMap<>();
		liquibases.forEach((name, liquibase) -> {
			DataSource dataSource = dataSourceFor(liquibase);
			ChangelogStatusReader reader = new ChangelogStatusReader(liquibase, this.resourceLoader, dataSource,
					this.clock, this.index, this.preparsed);
			readers.put(name, reader);
			byTable.computeIfAbsent(tableOf(liquibase, dataSource), (table) -> new ArrayList<>()).add(reader);
		});
		byTable.values().forEach((sharing) -> sharing.forEach((reader) -> {
			List<ChangelogStatusReader> others = new ArrayList<>(sharing);
			others.remove(reader);
			reader.shareChangelogTableWith(others);
		}));
		return readers;
	}

	/**
	 * Create the reader of the up-to-date check of {@code --migrate-only}.
	 * @param liquibase the bean about to migrate
	 * @return a reader through the bean's own data source
	 */
	public ChangelogStatusReader forMigration(SpringLiquibase liquibase) {
		return new ChangelogStatusReader(liquibase, liquibase.getResourceLoader(), liquibase.getDataSource(),
				this.clock, this.index, this.preparsed);
	}

	private static List<Object> tableOf(SpringLiquibase liquibase, DataSource dataSource) {
		String schema = StringUtils.hasText(liquibase.getLiquibaseSchema()) ? liquibase.getLiquibaseSchema()
				: liquibase.getDefaultSchema();
		String table = StringUtils.hasText(liquibase.getDatabaseChangeLogTable())
				? liquibase.getDatabaseChangeLogTable() : "DATABASECHANGELOG";
		return Arrays.asList(new IdentityKey(dataSource), (schema != null) ? schema.toUpperCase(Locale.ROOT) : null,
				table.toUpperCase(Locale.ROOT));
	}

	private record IdentityKey(Object value) {

		@Override
		public boolean equals(Object other) {
			return other instanceof IdentityKey key && key.value == this.value;
		}

		@Override
		public int hashCode() {
			return System.identityHashCode(this.value);
		}

	}

}
