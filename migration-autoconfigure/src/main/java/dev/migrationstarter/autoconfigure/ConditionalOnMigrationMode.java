package dev.migrationstarter.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.migrationstarter.mode.MigrationMode;

import org.springframework.context.annotation.Conditional;

/**
 * {@link Conditional @Conditional} that matches when the process runs in one of the given
 * {@link MigrationMode modes}, as decided once for the whole process
 * ({@link dev.migrationstarter.mode.MigrationModes#get}), whichever flag, property or
 * spelling selected it.
 *
 * @author migration-starter
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.METHOD })
@Documented
@Conditional(OnMigrationModeCondition.class)
public @interface ConditionalOnMigrationMode {

	/**
	 * The modes in which the annotated component applies.
	 * @return the modes
	 */
	MigrationMode[] value();

}
