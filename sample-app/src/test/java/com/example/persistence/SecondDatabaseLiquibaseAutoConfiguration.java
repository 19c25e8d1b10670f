package com.example.persistence;

import javax.sql.DataSource;

import liquibase.integration.spring.SpringLiquibase;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.liquibase.autoconfigure.LiquibaseAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * A third-party auto-configuration, in a package whose name a migration would have no use
 * for, that migrates a second database with a {@code SpringLiquibase} bean of its own.
 *
 * @author migration-starter
 */
@AutoConfiguration(before = LiquibaseAutoConfiguration.class)
@ConditionalOnProperty("example.second-database.url")
public final class SecondDatabaseLiquibaseAutoConfiguration {

	@Bean
	SpringLiquibase secondDatabaseLiquibase(Environment environment) throws ClassNotFoundException {
		SimpleDriverDataSource dataSource = new SimpleDriverDataSource();
		dataSource.setDriverClass(Class.forName(environment.getRequiredProperty("example.second-database.driver"))
			.asSubclass(java.sql.Driver.class));
		dataSource.setUrl(environment.getRequiredProperty("example.second-database.url"));
		dataSource.setUsername(environment.getProperty("example.second-database.username"));
		dataSource.setPassword(environment.getProperty("example.second-database.password", ""));
		SpringLiquibase liquibase = new SpringLiquibase();
		liquibase.setDataSource(dataSource);
		liquibase.setChangeLog(environment.getRequiredProperty("example.second-database.change-log"));
		liquibase.setAnalyticsEnabled(false);
		return liquibase;
	}

}
