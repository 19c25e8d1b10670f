package dev.migrationstarter.sample.seconddatabase;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * An application whose only Liquibase migration is a second database's, declared by a
 * third-party auto-configuration ({@code com.example.persistence}).
 *
 * @author migration-starter
 */
@SpringBootApplication
public class SecondDatabaseApplication {

	public static void main(String[] args) {
		SpringApplication.run(SecondDatabaseApplication.class, args);
	}

}
