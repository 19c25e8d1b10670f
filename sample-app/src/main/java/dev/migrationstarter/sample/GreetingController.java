package dev.migrationstarter.sample;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves the greetings that the changelog created, as the configured release of the
 * sample reads them.
 *
 * @author migration-starter
 */
@RestController
class GreetingController {

	private final JdbcClient jdbcClient;

	private final int release;

	GreetingController(JdbcClient jdbcClient, @Value("${sample.release}") int release) {
		this.jdbcClient = jdbcClient;
		this.release = release;
	}

	@GetMapping("/greetings")
	List<Greeting> greetings(@RequestParam(required = false) String language) {
		if (this.release < 2) {
			return this.jdbcClient.sql("SELECT id, message FROM greeting ORDER BY id")
				.query((rs, rowNum) -> new Greeting(rs.getLong("id"), rs.getString("message"), null))
				.list();
		}
		if (language == null) {
			return this.jdbcClient.sql("SELECT id, message, language FROM greeting ORDER BY id")
				.query(Greeting.class)
				.list();
		}
		return this.jdbcClient.sql("SELECT id, message, language FROM greeting WHERE language = ? ORDER BY id")
			.param(language)
			.query(Greeting.class)
			.list();
	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Greeting(long id, String message, String language) {

	}

}
