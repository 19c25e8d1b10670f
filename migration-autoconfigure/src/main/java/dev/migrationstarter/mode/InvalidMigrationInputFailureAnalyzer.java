package dev.migrationstarter.mode;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.PropertySourceOrigin;
import org.springframework.core.Ordered;
import org.springframework.core.env.CommandLinePropertySource;

/**
 * Reports an {@link InvalidMigrationInputException} as its one-line cause and next step,
 * naming the property, its value and where it was set when the input was bound from
 * configuration.
 *
 * <p>
 * It goes before Spring Boot's own analyzers, whose analysis of a failed binding would
 * name the property but bury the cause.
 *
 * @author migration-starter
 */
public class InvalidMigrationInputFailureAnalyzer extends AbstractFailureAnalyzer<InvalidMigrationInputException>
		implements Ordered {

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidMigrationInputException cause) {
		return new FailureAnalysis(describe(rootFailure, cause), cause.getAction(), cause);
	}

	private String describe(Throwable rootFailure, InvalidMigrationInputException cause) {
		BindException binding = findCause(rootFailure, BindException.class);
		ConfigurationProperty property = (binding != null) ? binding.getProperty() : null;
		if (property == null) {
			return cause.getMessage();
		}
		return "Invalid " + property.getName() + "=" + property.getValue() + describe(property.getOrigin()) + ": "
				+ cause.getMessage();
	}

	private static String describe(Origin origin) {
		if (origin == null) {
			return "";
		}
		if (origin instanceof PropertySourceOrigin source
				&& source.getPropertySource() instanceof CommandLinePropertySource<?>) {
			return " (from the command line)";
		}
		return " (from " + origin + ")";
	}

}
