package dev.migrationstarter.sample.deploy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The Helm chart in {@code deploy/helm/sample-app}, rendered from its own
 * {@code values.yaml} by a renderer that knows only {@code .Values} and
 * {@code .Release.Name}, and read into the typed model.
 *
 * @author migration-starter
 */
class HelmChartTests {

	private static final Path CHART = Manifests.DEPLOY.resolve("helm/sample-app");

	private static final String RELEASE = "orders";

	@Test
	void chartIsAHelm3ApplicationChart() {
		Map<String, Object> chart = Manifests.yamlMap(CHART.resolve("Chart.yaml"));
		assertThat(chart).containsEntry("apiVersion", "v2")
			.containsEntry("name", "sample-app")
			.containsEntry("type", "application")
			.containsKeys("version", "appVersion");
	}

	@Test
	void everyTemplateRendersIntoKnownKindsWithOnlyKnownFields() {
		assertThat(Manifests.yamlFiles(CHART.resolve("templates"))).extracting((file) -> file.getFileName().toString())
			.containsExactly("deployment.yaml", "migration-job.yaml", "service.yaml");
		assertThat(rendered()).extracting(HasMetadata::getKind).containsExactly("Deployment", "Job", "Service");
	}

	@Test
	void rendererRejectsExpressionsItCannotProve() {
		Map<String, Object> values = values();
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Manifests.renderHelmTemplate("name: {{ include \"x\" . }}", values, RELEASE))
			.withMessageContaining("include");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Manifests.renderHelmTemplate("name: {{ .Values.nope }}", values, RELEASE))
			.withMessageContaining("nope");
	}

	@Test
	void migrationJobIsAPreInstallAndPreUpgradeHookReplacedBeforeCreationAndDeletedOnSuccess() {
		Job job = Manifests.only(rendered(), Job.class);
		assertThat(job.getMetadata().getName()).isEqualTo("orders-migrate");
		assertThat(job.getMetadata().getAnnotations()).containsEntry("helm.sh/hook", "pre-install,pre-upgrade")
			.containsEntry("helm.sh/hook-delete-policy", "before-hook-creation,hook-succeeded");
		assertThat(Manifests.only(rendered(), Deployment.class).getMetadata().getAnnotations())
			.as("the service itself is no hook")
			.isNullOrEmpty();
	}

	@Test
	void migrationJobTakesImageSecretsAndLimitsFromValues() {
		Job job = Manifests.only(rendered(), Job.class);
		assertThat(job.getSpec().getBackoffLimit()).isEqualTo(2);
		assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(3600);
		assertThat(job.getSpec().getTemplate().getSpec().getRestartPolicy()).isEqualTo("Never");
		Container migrate = job.getSpec().getTemplate().getSpec().getContainers().get(0);
		assertThat(migrate.getArgs()).containsExactly("--migrate-only");
		assertThat(migrate.getImage()).isEqualTo("registry.example.com/sample-app:2.0.0");
		assertThat(KubernetesManifestTests.value(migrate, "JAVA_TOOL_OPTIONS"))
			.isEqualTo("-XX:TieredStopAtLevel=1 -XX:+UseSerialGC");
		assertThat(KubernetesManifestTests.secretOf(migrate, "SPRING_DATASOURCE_URL")).isEqualTo("sample-app-db/url");
		assertThat(KubernetesManifestTests.secretOf(migrate, "SPRING_LIQUIBASE_USER"))
			.isEqualTo("sample-app-db-migration/username");
		assertThat(KubernetesManifestTests.secretOf(migrate, "SPRING_LIQUIBASE_PASSWORD"))
			.isEqualTo("sample-app-db-migration/password");
		assertThat(job.getSpec().getPodFailurePolicy().getRules()).singleElement().satisfies((rule) -> {
			assertThat(rule.getAction()).isEqualTo("FailJob");
			assertThat(rule.getOnExitCodes().getContainerName()).isEqualTo(migrate.getName());
			assertThat(rule.getOnExitCodes().getValues()).containsExactly(1, 4);
		});
	}

	@Test
	void deploymentRunsTheSameImageWithTheProbesOfThePlainManifest() {
		Deployment deployment = Manifests.only(rendered(), Deployment.class);
		Container app = KubernetesManifestTests.appContainer(deployment);
		Container plain = KubernetesManifestTests.appContainer(Manifests
			.only(Manifests.parse(Manifests.DEPLOY.resolve("kubernetes/deployment.yaml")), Deployment.class));
		assertThat(app.getImage()).isEqualTo(Manifests.only(rendered(), Job.class)
			.getSpec()
			.getTemplate()
			.getSpec()
			.getContainers()
			.get(0)
			.getImage());
		assertThat(app.getArgs()).isEmpty();
		assertThat(KubernetesManifestTests.httpGet(app.getReadinessProbe()))
			.isEqualTo("http /actuator/health/readiness");
		assertThat(app.getReadinessProbe()).isEqualTo(plain.getReadinessProbe());
		assertThat(app.getLivenessProbe()).isEqualTo(plain.getLivenessProbe());
		assertThat(app.getStartupProbe()).isEqualTo(plain.getStartupProbe());
		assertThat(app.getPorts()).isEqualTo(plain.getPorts());
		assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
		assertThat(deployment.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal()).isZero();
		Service service = Manifests.only(rendered(), Service.class);
		assertThat(service.getSpec().getSelector().entrySet())
			.isSubsetOf(deployment.getSpec().getTemplate().getMetadata().getLabels().entrySet());
	}

	private static List<HasMetadata> rendered() {
		Map<String, Object> values = values();
		return Manifests.yamlFiles(CHART.resolve("templates"))
			.stream()
			.flatMap((template) -> Manifests
				.parse(Manifests.renderHelmTemplate(Manifests.read(template), values, RELEASE), template.toString())
				.stream())
			.toList();
	}

	private static Map<String, Object> values() {
		return Manifests.yamlMap(CHART.resolve("values.yaml"));
	}

}
