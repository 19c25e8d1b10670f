package dev.migrationstarter.autoconfigure;

import java.util.List;
import java.util.Map;

import dev.migrationstarter.mode.MigrationMode;
import dev.migrationstarter.mode.MigrationModes;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when the process runs in one of the modes of
 * {@link ConditionalOnMigrationMode @ConditionalOnMigrationMode}.
 *
 * @author migration-starter
 */
class OnMigrationModeCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		Map<String, Object> attributes = metadata.getAnnotationAttributes(ConditionalOnMigrationMode.class.getName());
		List<MigrationMode> modes = List.of((MigrationMode[]) attributes.get("value"));
		MigrationMode mode = MigrationModes.get(context.getEnvironment()).mode();
		return modes.contains(mode) ? ConditionOutcome.match("mode " + mode.value())
				: ConditionOutcome.noMatch("mode " + mode.value() + " is not one of " + modes);
	}

}
