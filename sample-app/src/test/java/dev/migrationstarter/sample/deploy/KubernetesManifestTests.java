package dev.migrationstarter.sample.deploy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyRule;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The plain Kubernetes manifests in {@code deploy/kubernetes}, read into the typed model.
 *
 * @author migration-starter
 */
class KubernetesManifestTests {

	private static final Path KUBERNETES = Manifests.DEPLOY.resolve("kubernetes");

	private static final int SERVER_PORT = 8080;

	@Test
	void everyDocumentOfEveryManifestIsAKnownKindWithOnlyKnownFields() {
		List<Path> files = Manifests.yamlFiles(KUBERNETES);
		assertThat(files).extracting((file) -> file.getFileName().toString())
			.containsExactly("deployment-await-schema.yaml", "deployment.yaml", "migration-job.yaml");
		Map<String, List<String>> kinds = files.stream()
			.collect(Collectors.toMap((file) -> file.getFileName().toString(),
					(file) -> Manifests.parse(file).stream().map(HasMetadata::getKind).toList()));
		assertThat(kinds).containsEntry("migration-job.yaml", List.of("Job"))
			.containsEntry("deployment.yaml", List.of("Deployment", "Service"))
			.containsEntry("deployment-await-schema.yaml", List.of("Deployment"));
	}

	@Test
	void aFieldTheModelDoesNotKnowOrAnUnknownKindIsRejected() {
		String misspelt = Manifests.read(KUBERNETES.resolve("deployment.yaml"))
			.replace("readinessProbe:", "readinesProbe:");
		assertThatIllegalArgumentException().isThrownBy(() -> Manifests.parse(misspelt, "misspelt"))
			.withMessageContaining("readinesProbe");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Manifests.parse("apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n",
					"unknown kind"))
			.withMessageContaining("Widget");
	}

	@Test
	void migrationJobRunsTheAppImageWithMigrateOnlyAndBoundedRetriesAndDeadline() {
		Job job = migrationJob();
		assertThat(job.getSpec().getBackoffLimit()).isEqualTo(2);
		assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(3600);
		PodSpec pod = job.getSpec().getTemplate().getSpec();
		assertThat(pod.getRestartPolicy()).isEqualTo("Never");
		assertThat(pod.getContainers()).hasSize(1);
		Container migrate = pod.getContainers().get(0);
		assertThat(migrate.getArgs()).containsExactly("--migrate-only");
		assertThat(migrate.getCommand()).as("the image's entrypoint runs").isEmpty();
		assertThat(migrate.getImage()).isEqualTo(appContainer(deployment()).getImage());
		assertThat(value(migrate, "JAVA_TOOL_OPTIONS")).isEqualTo("-XX:TieredStopAtLevel=1 -XX:+UseSerialGC");
		assertThat(migrate.getReadinessProbe()).isNull();
		assertThat(migrate.getLivenessProbe()).as("a health deadline never kills a migration").isNull();
	}

	@Test
	void migrationJobFailsAtOnceOnAFailedChangeSetOrAnInvalidChangelog() {
		Job job = migrationJob();
		List<PodFailurePolicyRule> rules = job.getSpec().getPodFailurePolicy().getRules();
		assertThat(rules).hasSize(1);
		assertThat(rules.get(0).getAction()).isEqualTo("FailJob");
		assertThat(rules.get(0).getOnExitCodes().getContainerName())
			.isEqualTo(job.getSpec().getTemplate().getSpec().getContainers().get(0).getName());
		assertThat(rules.get(0).getOnExitCodes().getOperator()).isEqualTo("In");
		assertThat(rules.get(0).getOnExitCodes().getValues()).containsExactly(1, 4);
	}

	@Test
	void migrationJobMigratesWithTheSchemaOwnersLoginAndTheServiceNeverGetsIt() {
		Container migrate = migrationJob().getSpec().getTemplate().getSpec().getContainers().get(0);
		assertThat(secretOf(migrate, "SPRING_LIQUIBASE_USER")).isEqualTo("sample-app-db-migration/username");
		assertThat(secretOf(migrate, "SPRING_LIQUIBASE_PASSWORD")).isEqualTo("sample-app-db-migration/password");
		assertThat(secretOf(migrate, "SPRING_DATASOURCE_URL")).isEqualTo("sample-app-db/url");
		Container app = appContainer(deployment());
		assertThat(secretOf(app, "SPRING_DATASOURCE_URL")).isEqualTo("sample-app-db/url");
		assertThat(secretOf(app, "SPRING_DATASOURCE_USERNAME")).isEqualTo("sample-app-db/username");
		assertThat(secretOf(app, "SPRING_DATASOURCE_PASSWORD")).isEqualTo("sample-app-db/password");
		assertThat(app.getEnv()).extracting(EnvVar::getName).noneMatch((name) -> name.startsWith("SPRING_LIQUIBASE"));
	}

	@Test
	void deploymentProbesReadinessLivenessAndStartupOnTheServerPort() {
		Container app = appContainer(deployment());
		assertThat(app.getArgs()).isEmpty();
		assertThat(app.getPorts()).singleElement().satisfies((port) -> {
			assertThat(port.getName()).isEqualTo("http");
			assertThat(port.getContainerPort()).isEqualTo(SERVER_PORT);
		});
		assertThat(httpGet(app.getReadinessProbe())).isEqualTo("http /actuator/health/readiness");
		assertThat(httpGet(app.getLivenessProbe())).isEqualTo("http /actuator/health/liveness");
		assertThat(httpGet(app.getStartupProbe())).isEqualTo("http /actuator/health/liveness");
		assertThat(app.getStartupProbe().getPeriodSeconds() * app.getStartupProbe().getFailureThreshold())
			.as("seconds a start may take")
			.isGreaterThanOrEqualTo(60);
	}

	@Test
	void deploymentKeepsOldPodsServingUntilNewOnesAreReady() {
		Deployment deployment = deployment();
		assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
		assertThat(deployment.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal()).isZero();
		assertThat(deployment.getSpec().getSelector().getMatchLabels().entrySet())
			.isSubsetOf(deployment.getSpec().getTemplate().getMetadata().getLabels().entrySet());
		Service service = Manifests.only(Manifests.parse(KUBERNETES.resolve("deployment.yaml")), Service.class);
		assertThat(service.getSpec().getSelector().entrySet())
			.isSubsetOf(deployment.getSpec().getTemplate().getMetadata().getLabels().entrySet());
		assertThat(service.getSpec().getPorts()).singleElement()
			.satisfies((port) -> assertThat(port.getTargetPort().getStrVal()).isEqualTo("http"));
		Map<String, String> migrationLabels = migrationJob().getSpec().getTemplate().getMetadata().getLabels();
		assertThat(migrationLabels.entrySet().containsAll(service.getSpec().getSelector().entrySet()))
			.as("the Service routes to the migration")
			.isFalse();
	}

	@Test
	void awaitSchemaVariantWaitsInAnInitContainerOfTheAppImageAndProbesLikeTheDeployment() {
		Deployment variant = Manifests.only(Manifests.parse(KUBERNETES.resolve("deployment-await-schema.yaml")),
				Deployment.class);
		PodSpec pod = variant.getSpec().getTemplate().getSpec();
		assertThat(pod.getInitContainers()).singleElement().satisfies((init) -> {
			assertThat(init.getArgs()).containsExactly("--await-schema");
			assertThat(init.getImage()).isEqualTo(appContainer(variant).getImage());
			assertThat(value(init, "MIGRATION_AWAIT_TIMEOUT")).isNotBlank();
			assertThat(secretOf(init, "SPRING_DATASOURCE_URL")).isEqualTo("sample-app-db/url");
		});
		Container app = appContainer(variant);
		Container plain = appContainer(deployment());
		assertThat(app.getReadinessProbe()).isEqualTo(plain.getReadinessProbe());
		assertThat(app.getLivenessProbe()).isEqualTo(plain.getLivenessProbe());
		assertThat(app.getStartupProbe()).isEqualTo(plain.getStartupProbe());
	}

	static String httpGet(Probe probe) {
		assertThat(probe).isNotNull();
		return probe.getHttpGet().getPort().getStrVal() + " " + probe.getHttpGet().getPath();
	}

	static String value(Container container, String name) {
		return env(container, name).getValue();
	}

	static String secretOf(Container container, String name) {
		EnvVar variable = env(container, name);
		assertThat(variable.getValueFrom()).as(name).isNotNull();
		return variable.getValueFrom().getSecretKeyRef().getName() + "/"
				+ variable.getValueFrom().getSecretKeyRef().getKey();
	}

	private static EnvVar env(Container container, String name) {
		return container.getEnv()
			.stream()
			.filter((variable) -> variable.getName().equals(name))
			.findFirst()
			.orElseThrow(() -> new AssertionError(container.getName() + " has no " + name));
	}

	static Container appContainer(Deployment deployment) {
		List<Container> containers = deployment.getSpec().getTemplate().getSpec().getContainers();
		assertThat(containers).hasSize(1);
		return containers.get(0);
	}

	private static Job migrationJob() {
		return Manifests.only(Manifests.parse(KUBERNETES.resolve("migration-job.yaml")), Job.class);
	}

	private static Deployment deployment() {
		return Manifests.only(Manifests.parse(KUBERNETES.resolve("deployment.yaml")), Deployment.class);
	}

}
