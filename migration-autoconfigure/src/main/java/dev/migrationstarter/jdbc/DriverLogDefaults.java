package dev.migrationstarter.jdbc;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Quietens the MariaDB driver's warning for each error the server answers, which repeats
 * the error that reaches the caller anyway and quotes the server's text unredacted (a
 * database name that swallowed a {@code ;password=} suffix, for one).
 *
 * <p>
 * The default goes last, so an application that sets the logger's level itself decides.
 *
 * @author migration-starter
 */
public class DriverLogDefaults implements EnvironmentPostProcessor, Ordered {

	static final String MARIADB_ERROR_PACKET_LEVEL = "logging.level.org.mariadb.jdbc.message.server.ErrorPacket";

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		environment.getPropertySources()
			.addLast(new MapPropertySource("migrationDriverLogDefaults", Map.of(MARIADB_ERROR_PACKET_LEVEL, "error")));
	}

}
