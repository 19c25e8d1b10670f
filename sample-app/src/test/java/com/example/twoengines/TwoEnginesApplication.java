package com.example.twoengines;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * An application that migrates its own database with Spring Boot's Liquibase bean (the
 * sample's changelog) and a second database with a {@code Flyway} bean of its own. It
 * sits outside the sample's package, so that the sample's component scan never finds it
 * when a test runs the sample from the test class path.
 *
 * @author migration-starter
 */
@SpringBootApplication
public class TwoEnginesApplication {

	@Bean
	Flyway reportingFlyway(Environment environment) throws ClassNotFoundException {
		return Flyway.configure(getClass().getClassLoader())
			.dataSource(reportingDataSource(environment))
			.locations(environment.getRequiredProperty("example.reporting.locations"))
			.load();
	}

	private static DataSource reportingDataSource(Environment environment) throws ClassNotFoundException {
		SimpleDriverDataSource dataSource = new SimpleDriverDataSource();
		dataSource.setDriverClass(Class.forName(environment.getRequiredProperty("example.reporting.driver"))
			.asSubclass(java.sql.Driver.class));
		dataSource.setUrl(environment.getRequiredProperty("example.reporting.url"));
		dataSource.setUsername(environment.getProperty("example.reporting.username"));
		dataSource.setPassword(environment.getProperty("example.reporting.password", ""));
		return dataSource;
	}

	public static void main(String[] args) {
		SpringApplication.run(TwoEnginesApplication.class, args);
	}

}
