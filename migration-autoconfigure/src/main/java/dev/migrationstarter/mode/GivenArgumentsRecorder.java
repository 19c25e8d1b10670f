package dev.migrationstarter.mode;

import java.util.List;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringApplicationRunListener;
import org.springframework.boot.bootstrap.BootstrapRegistry.InstanceSupplier;
import org.springframework.boot.bootstrap.ConfigurableBootstrapContext;

/**
 * Hands the arguments of {@code SpringApplication.run}, as they were given, to the mode's
 * decision through the bootstrap context.
 *
 * <p>
 * The environment's command line property source keeps the parsed options, not the
 * arguments, and reads {@code --migrate-only=} like the bare flag; the decision
 * ({@link MigrationModeEnvironmentPostProcessor}) parses these instead.
 *
 * @author migration-starter
 */
public class GivenArgumentsRecorder implements SpringApplicationRunListener {

	private final GivenArguments arguments;

	public GivenArgumentsRecorder(SpringApplication application, String[] arguments) {
		this.arguments = new GivenArguments(List.of(arguments));
	}

	@Override
	public void starting(ConfigurableBootstrapContext bootstrapContext) {
		bootstrapContext.register(GivenArguments.class, InstanceSupplier.of(this.arguments));
	}

	/**
	 * The arguments of {@code SpringApplication.run}.
	 *
	 * @param values the arguments, in order
	 */
	record GivenArguments(List<String> values) {

	}

}
