package dev.migrationstarter.mode;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringApplicationRunListener;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.context.ApplicationListener;
import org.springframework.core.io.UrlResource;
import org.springframework.core.io.support.PropertiesLoaderUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tests for {@link SpringBootVersionCheck}.
 *
 * @author migration-starter
 */
class SpringBootVersionCheckTests {

	// types that Spring Boot 4 added or moved, which a Spring Boot 3 class path lacks
	private static final List<String> BOOT_4_ONLY = List.of("org.springframework.boot.EnvironmentPostProcessor",
			"org.springframework.boot.bootstrap.", "org.springframework.boot.liquibase.");

	@Test
	void refusesSpringBoot3NamingTheRequiredAndTheFoundVersion() {
		assertThatExceptionOfType(InvalidMigrationInputException.class)
			.isThrownBy(() -> SpringBootVersionCheck.check("3.5.7"))
			.withMessage("migration-starter requires Spring Boot 4.0 or later, but found 3.5.7.");
	}

	@Test
	void acceptsSpringBoot4AndAnUnknownVersion() {
		assertThatNoException().isThrownBy(() -> SpringBootVersionCheck.check("4.0.0"));
		assertThatNoException().isThrownBy(() -> SpringBootVersionCheck.check("4.1.2"));
		assertThatNoException().isThrownBy(() -> SpringBootVersionCheck.check("5.0.0-SNAPSHOT"));
		assertThatNoException().isThrownBy(() -> SpringBootVersionCheck.check(null));
	}

	@Test
	void checkAndItsReportRunOnAClassPathWithoutSpringBoot4Types() throws Exception {
		ClassLoader withoutBoot4 = new WithoutBoot4Types(getClass().getClassLoader());
		assertThatThrownBy(
				() -> Class.forName(MigrationModeEnvironmentPostProcessor.class.getName(), true, withoutBoot4))
			.isInstanceOf(NoClassDefFoundError.class)
			.hasMessageContaining("org/springframework/boot/EnvironmentPostProcessor");
		Class<?> check = Class.forName(SpringBootVersionCheck.class.getName(), true, withoutBoot4);
		check.getDeclaredConstructor().newInstance();
		Method method = check.getDeclaredMethod("check", String.class);
		method.setAccessible(true);
		assertThatExceptionOfType(InvocationTargetException.class).isThrownBy(() -> method.invoke(null, "3.5.7"))
			.satisfies((ex) -> assertThat(ex.getCause().getClass().getName())
				.isEqualTo(InvalidMigrationInputException.class.getName()));
		Throwable failure = assertThatExceptionOfType(InvocationTargetException.class)
			.isThrownBy(() -> method.invoke(null, "3.5.7"))
			.actual()
			.getCause();
		Class<?> analyzer = Class.forName(InvalidMigrationInputFailureAnalyzer.class.getName(), true, withoutBoot4);
		Object analysis = analyzer.getMethod("analyze", Throwable.class)
			.invoke(analyzer.getDeclaredConstructor().newInstance(), failure);
		assertThat(analysis).hasFieldOrPropertyWithValue("description",
				"migration-starter requires Spring Boot 4.0 or later, but found 3.5.7.");
	}

	@Test
	void everyListenerAndAnalyzerThatSpringBoot3WouldCreateCanBeCreatedWithoutSpringBoot4Types() throws Exception {
		ClassLoader withoutBoot4 = new WithoutBoot4Types(getClass().getClassLoader());
		List<String> created = new ArrayList<>();
		for (String key : List.of(ApplicationListener.class.getName(), FailureAnalyzer.class.getName())) {
			for (String name : ourFactories(key)) {
				Class.forName(name, true, withoutBoot4).getDeclaredConstructor().newInstance();
				created.add(name);
			}
		}
		for (String name : ourFactories(SpringApplicationRunListener.class.getName())) {
			Class.forName(name, true, withoutBoot4)
				.getDeclaredConstructor(SpringApplication.class, String[].class)
				.newInstance(new SpringApplication(), new String[0]);
			created.add(name);
		}
		assertThat(created).contains(SpringBootVersionCheck.class.getName(),
				InvalidMigrationInputFailureAnalyzer.class.getName(), GivenArgumentsRecorder.class.getName());
	}

	private static List<String> ourFactories(String key) throws IOException {
		List<String> names = new ArrayList<>();
		Enumeration<URL> files = SpringBootVersionCheck.class.getClassLoader()
			.getResources("META-INF/spring.factories");
		for (URL file : Collections.list(files)) {
			Properties factories = PropertiesLoaderUtils.loadProperties(new UrlResource(file));
			for (String name : factories.getProperty(key, "").split(",")) {
				if (name.trim().startsWith("dev.migrationstarter.")) {
					names.add(name.trim());
				}
			}
		}
		return names;
	}

	/**
	 * Loads this starter's classes itself, so that what they refer to is resolved here,
	 * and hides Spring Boot 4's own types.
	 */
	static final class WithoutBoot4Types extends ClassLoader {

		WithoutBoot4Types(ClassLoader parent) {
			super(parent);
		}

		@Override
		protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
			if (BOOT_4_ONLY.stream().anyMatch(name::startsWith)) {
				throw new ClassNotFoundException(name);
			}
			if (!name.startsWith("dev.migrationstarter.")) {
				return super.loadClass(name, resolve);
			}
			synchronized (getClassLoadingLock(name)) {
				Class<?> loaded = findLoadedClass(name);
				if (loaded != null) {
					return loaded;
				}
				try (InputStream bytes = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
					byte[] code = bytes.readAllBytes();
					return defineClass(name, code, 0, code.length);
				}
				catch (IOException ex) {
					throw new ClassNotFoundException(name, ex);
				}
			}
		}

	}

}
