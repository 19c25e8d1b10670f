package dev.migrationstarter.mode;

import java.util.List;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringApplicationRunListener;
import org.springframework.boot.bootstrap.ConfigurableBootstrapContext;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Checks the spelling of the mode flags in the process arguments as they were given,
 * which the environment's command line property source no longer tells apart in one case:
 * {@code --migrate-only=} reads there like the bare flag.
 *
 * <p>
 * It runs after Spring Boot's own run listener, so after logging is initialised and the
 * mode is resolved.
 *
 * @author migration-starter
 */
public class ArgumentSpellingCheck implements SpringApplicationRunListener, Ordered {

	private final List<String> arguments;

	public ArgumentSpellingCheck(SpringApplication application, String[] arguments) {
		this.arguments = List.of(arguments);
	}

	@Override
	public int getOrder() {
		return 1;
	}

	@Override
	public void environmentPrepared(ConfigurableBootstrapContext bootstrapContext,
			ConfigurableEnvironment environment) {
		ModeParser.checkSpelling(this.arguments);
	}

}
