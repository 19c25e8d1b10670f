package dev.migrationstarter.sample;

import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves the greetings that the changelog created.
 *
 * @author migration-starter
 */
@RestController
class GreetingController {

	private final JdbcClient jdbcClient;

	GreetingController(JdbcClient jdbcClient) {
		this.jdbcClient = jdbcClient;
	}

	@GetMapping("/greetings")
	List<Greeting> greetings() {
		return this.jdbcClient.sql("SELECT id, message FROM greeting ORDER BY id").query(Greeting.class).list();
	}

	record Greeting(long id, String message) {

	}

}
