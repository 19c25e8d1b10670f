package dev.migrationstarter.autoconfigure;

import dev.migrationstarter.mode.MigrationMode;
import dev.migrationstarter.mode.MigrationModeEnvironmentPostProcessor;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when the process runs in a run-and-exit {@link MigrationMode}.
 *
 * @author migration-starter
 */
class OnRunAndExitModeCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		MigrationMode mode = (context.getEnvironment() instanceof ConfigurableEnvironment environment)
				? MigrationModeEnvironmentPostProcessor.resolveMode(environment) : MigrationMode.NORMAL;
		return mode.isRunAndExit() ? ConditionOutcome.match("run-and-exit mode " + mode)
				: ConditionOutcome.noMatch("mode " + mode + " runs the application");
	}

}
