package dev.migrationstarter.sample.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Reads the deployment recipes' Kubernetes manifests into fabric8's typed model,
 * strictly: an unknown kind, a field the model does not know, or a duplicate key is an
 * error.
 *
 * @author migration-starter
 */
final class Manifests {

	static final Path DEPLOY = Path.of("deploy");

	private static final KubernetesSerialization serialization = new KubernetesSerialization();

	private Manifests() {
	}

	/**
	 * The YAML files directly in a folder, in name order.
	 * @param folder the folder
	 * @return the files
	 */
	static List<Path> yamlFiles(Path folder) {
		try (Stream<Path> files = Files.list(folder)) {
			return files.filter((file) -> file.getFileName().toString().endsWith(".yaml")).sorted().toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Every document of a YAML text as a typed Kubernetes resource.
	 * @param yaml the YAML text, one or more documents
	 * @param source where the text came from, for error messages
	 * @return the resources
	 */
	static List<HasMetadata> parse(String yaml, String source) {
		List<HasMetadata> resources = new ArrayList<>();
		for (Object document : yaml().loadAll(yaml)) {
			if (document == null) {
				continue;
			}
			HasMetadata resource = serialization.unmarshal(serialization.asJson(document), HasMetadata.class);
			if (resource instanceof GenericKubernetesResource) {
				throw new IllegalArgumentException(source + ": kind " + resource.getApiVersion() + "/"
						+ resource.getKind() + " is not in the typed model");
			}
			List<String> unknown = new ArrayList<>();
			collectUnknownFields(resource, resource.getKind(), unknown);
			if (!unknown.isEmpty()) {
				throw new IllegalArgumentException(source + ": fields the model does not know: " + unknown);
			}
			resources.add(resource);
		}
		return resources;
	}

	static List<HasMetadata> parse(Path file) {
		return parse(read(file), file.toString());
	}

	static <T extends HasMetadata> T only(List<HasMetadata> resources, Class<T> type) {
		List<T> matching = resources.stream().filter(type::isInstance).map(type::cast).toList();
		if (matching.size() != 1) {
			throw new IllegalStateException("Expected one " + type.getSimpleName() + " but found " + matching.size());
		}
		return matching.get(0);
	}

	static Map<String, Object> yamlMap(Path file) {
		return yaml().load(read(file));
	}

	private static Yaml yaml() {
		LoaderOptions options = new LoaderOptions();
		options.setAllowDuplicateKeys(false);
		return new Yaml(options);
	}

	private static void collectUnknownFields(Object value, String path, List<String> unknown) {
		if (value instanceof List<?> list) {
			for (int i = 0; i < list.size(); i++) {
				collectUnknownFields(list.get(i), path + "[" + i + "]", unknown);
			}
			return;
		}
		if (value instanceof Map<?, ?> map) {
			map.forEach((key, entry) -> collectUnknownFields(entry, path + "." + key, unknown));
			return;
		}
		if (value == null || !value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model.")) {
			return;
		}
		for (Method getter : value.getClass().getMethods()) {
			if (getter.getParameterCount() != 0 || !getter.getName().startsWith("get")
					|| getter.getDeclaringClass() == Object.class) {
				continue;
			}
			Object property = invoke(getter, value);
			if (getter.getName().equals("getAdditionalProperties")) {
				if (property instanceof Map<?, ?> additional && !additional.isEmpty()) {
					unknown.add(path + " " + additional.keySet());
				}
			}
			else {
				collectUnknownFields(property, path + "." + getter.getName().substring(3), unknown);
			}
		}
	}

	private static Object invoke(Method getter, Object target) {
		try {
			return getter.invoke(target);
		}
		catch (IllegalAccessException | InvocationTargetException ex) {
			throw new IllegalStateException("Cannot read " + getter, ex);
		}
	}

}
