package dev.migrationstarter.flyway;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import dev.migrationstarter.mode.MigrationMode;
import dev.migrationstarter.mode.MigrationModes;
import dev.migrationstarter.mode.ModeSelection;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Quietens Flyway where the starter only reads: Flyway logs the database, a missing
 * history table, a validation and a version warning at every {@code info()}, which a
 * readiness check repeats at each refresh. A process that only reads (a normal start that
 * does not migrate, {@code --migration-status}, {@code --await-schema}) logs Flyway at
 * {@code WARN} and leaves its per-read database version warning out;
 * {@code --migrate-only} and a start with {@code migration.migrate-on-startup=true} keep
 * Flyway's own lines.
 *
 * <p>
 * The defaults go last, so an application that sets Flyway's levels itself decides.
 *
 * @author migration-starter
 */
public class FlywayLogDefaults implements EnvironmentPostProcessor, Ordered {

	static final String FLYWAY_LEVEL = "logging.level.org.flywaydb";

	static final String DATABASE_LEVEL = "logging.level.org.flywaydb.core.internal.database.base.Database";

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		Optional<ModeSelection> selection = MigrationModes.peek(environment);
		if (selection.isEmpty() || selection.get().mode() == MigrationMode.MIGRATE_ONLY
				|| selection.get().migratesOnStartup() || environment.containsProperty(FLYWAY_LEVEL)) {
			return;
		}
		Map<String, Object> levels = new LinkedHashMap<>();
		levels.put(FLYWAY_LEVEL, "warn");
		if (!environment.containsProperty(DATABASE_LEVEL)) {
			levels.put(DATABASE_LEVEL, "error");
		}
		environment.getPropertySources().addLast(new MapPropertySource("migrationFlywayLogDefaults", levels));
	}

}
