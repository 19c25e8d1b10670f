package dev.migrationstarter.sample.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The Helm chart in {@code deploy/helm/sample-app}, linted and rendered by Helm itself
 * (helm-java's native Helm library) with its own values and with overrides, and read into
 * the typed model.
 *
 * @author migration-starter
 */
class HelmChartTests {

	private static final Path CHART = Manifests.DEPLOY.resolve("helm/sample-app");

	private static final String RELEASE = "orders";

	/**
	 * The annotation that makes a resource a Helm hook. Helm's template output (as
	 * helm-java returns it) holds hooks back, so the hook templates are rendered from a
	 * copy of the chart with this key, and only it, renamed.
	 */
	private static final String HELM_HOOK = "\"helm.sh/hook\":";

	private static final String RENAMED_HELM_HOOK = "test.invalid/helm-hook";

	/**
	 * Native sidecars are on by default from Kubernetes 1.29 and GA in 1.33; without a
	 * cluster, helm-java's Helm (built without Helm's version flags) assumes 1.20.
	 */
	private static final UnaryOperator<TemplateCommand> KUBERNETES_1_33 = (template) -> template
		.withKubeVersion("1.33.0");

	@TempDir
	Path temp;

	@Test
	void helmLintsTheChartWithoutAWarning() {
		LintResult lint = new Helm(CHART).lint().strict().call();
		assertThat(lint.isFailed()).as("%s", lint.getMessages()).isFalse();
		assertThat(lint.getMessages()).noneMatch((message) -> message.contains("[WARNING]"))
			.noneMatch((message) -> message.contains("[ERROR]"));
	}

	@Test
	void helmLintFailsABrokenCopyOfTheChart() throws IOException {
		Path broken = copyOfChart();
		Files.writeString(broken.resolve("templates/service.yaml"), "apiVersion: v1\nkind: Service\nmetadata: {{ ");
		LintResult lint = new Helm(broken).lint().strict().call();
		assertThat(lint.isFailed()).isTrue();
		assertThat(lint.getMessages()).anyMatch((message) -> message.contains("service.yaml"));
	}

	@Test
	void chartIsAHelm3ApplicationChart() {
		Map<String, Object> chart = Manifests.yamlMap(CHART.resolve("Chart.yaml"));
		assertThat(chart).containsEntry("apiVersion", "v2")
			.containsEntry("name", "sample-app")
			.containsEntry("type", "application")
			.containsKeys("version", "appVersion");
	}

	@Test
	void helmHoldsTheMigrationJobBackAsAHookAndReleasesTheRest() {
		assertThat(render(Map.of())).extracting(HasMetadata::getKind)
			.containsExactlyInAnyOrder("Deployment", "Service");
		List<HasMetadata> withHookRenamed = renderHooks(Map.of());
		assertThat(withHookRenamed).extracting(HasMetadata::getKind)
			.containsExactlyInAnyOrder("Deployment", "Job", "Service");
		Job job = Manifests.only(withHookRenamed, Job.class);
		assertThat(job.getMetadata().getName()).isEqualTo("orders-migrate");
		assertThat(job.getMetadata().getAnnotations()).containsEntry(RENAMED_HELM_HOOK, "pre-install,pre-upgrade")
			.containsEntry("helm.sh/hook-delete-policy", "before-hook-creation,hook-succeeded")
			.doesNotContainKeys("argocd.argoproj.io/hook");
		assertThat(Manifests.only(withHookRenamed, Deployment.class).getMetadata().getAnnotations())
			.as("the service itself is no hook")
			.isNullOrEmpty();
	}

	@Test
	void migrationJobTakesImageSecretsAndLimitsFromValues() {
		Job job = helmHookJob(Map.of());
		assertThat(job.getSpec().getBackoffLimit()).isEqualTo(2);
		assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(3600);
		PodSpec pod = job.getSpec().getTemplate().getSpec();
		assertThat(pod.getRestartPolicy()).isEqualTo("Never");
		assertThat(pod.getInitContainers()).isEmpty();
		Container migrate = pod.getContainers().get(0);
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
	void overriddenValuesReachTheJobAndTheDeployment() {
		Map<String, Object> overrides = Map.of("image.tag", "2.1.0", "migration.backoffLimit", 5, "database.secretName",
				"orders-db", "replicaCount", 4);
		List<HasMetadata> rendered = renderHooks(overrides);
		Job job = Manifests.only(rendered, Job.class);
		Container migrate = job.getSpec().getTemplate().getSpec().getContainers().get(0);
		assertThat(job.getSpec().getBackoffLimit()).isEqualTo(5);
		assertThat(migrate.getImage()).isEqualTo("registry.example.com/sample-app:2.1.0");
		assertThat(KubernetesManifestTests.secretOf(migrate, "SPRING_DATASOURCE_PASSWORD"))
			.isEqualTo("orders-db/password");
		Deployment deployment = Manifests.only(rendered, Deployment.class);
		assertThat(deployment.getSpec().getReplicas()).isEqualTo(4);
		Container app = KubernetesManifestTests.appContainer(deployment);
		assertThat(app.getImage()).isEqualTo(migrate.getImage());
		assertThat(KubernetesManifestTests.secretOf(app, "SPRING_DATASOURCE_URL")).isEqualTo("orders-db/url");
	}

	@Test
	void argoCdGetsTheSameJobAsAPreSyncHookThatHelmDoesNotHoldBack() {
		List<HasMetadata> rendered = render(Map.of("migration.hook", "argocd", "migration.argocdSyncWave", "-2"));
		Job job = Manifests.only(rendered, Job.class);
		assertThat(job.getMetadata().getAnnotations()).containsEntry("argocd.argoproj.io/hook", "PreSync")
			.containsEntry("argocd.argoproj.io/hook-delete-policy", "BeforeHookCreation,HookSucceeded")
			.containsEntry("argocd.argoproj.io/sync-wave", "-2")
			.doesNotContainKeys("helm.sh/hook", "helm.sh/hook-delete-policy", "helm.sh/hook-weight");
		assertThat(job.getMetadata().getName()).isEqualTo("orders-migrate");
		assertThat(job.getSpec()).isEqualTo(helmHookJob(Map.of()).getSpec());
		assertThat(job.getSpec().getTtlSecondsAfterFinished())
			.as("Argo CD must still find the finished hook to judge it")
			.isNull();
	}

	@Test
	void anUnknownHookIsRefusedWhenRendering() {
		assertThatIllegalStateException().isThrownBy(() -> render(Map.of("migration.hook", "flux")))
			.withMessageContaining("migration.hook must be helm or argocd, not flux");
	}

	@Test
	void databaseProxyRunsAsANativeSidecarSoTheJobCompletesWhenTheMigrationExits() {
		List<HasMetadata> rendered = renderHooks(Map.of("databaseProxy.enabled", true), KUBERNETES_1_33);
		PodSpec pod = Manifests.only(rendered, Job.class).getSpec().getTemplate().getSpec();
		assertThat(pod.getRestartPolicy()).isEqualTo("Never");
		assertThat(pod.getContainers()).extracting(Container::getName)
			.as("the migration is the only main container, so its exit completes the pod")
			.containsExactly("migrate");
		assertThat(pod.getInitContainers()).singleElement().satisfies(this::isTheCloudSqlProxySidecar);
		Job job = Manifests.only(rendered, Job.class);
		assertThat(job.getSpec().getPodFailurePolicy().getRules())
			.allSatisfy((rule) -> assertThat(rule.getOnExitCodes().getContainerName()).isEqualTo("migrate"));
		PodSpec server = Manifests.only(rendered, Deployment.class).getSpec().getTemplate().getSpec();
		assertThat(server.getInitContainers()).singleElement().satisfies(this::isTheCloudSqlProxySidecar);
		assertThat(server.getContainers()).extracting(Container::getName).containsExactly("app");
	}

	@Test
	void databaseProxyIsRefusedBeforeKubernetes129WhereNativeSidecarsAreOff() {
		Map<String, Object> proxy = Map.of("databaseProxy.enabled", true);
		assertThatIllegalStateException()
			.isThrownBy(() -> render(proxy, (template) -> template.withKubeVersion("1.28.9")))
			.withMessageContaining("needs Kubernetes 1.29 or later; this is v1.28.9");
		assertThat(render(proxy, (template) -> template.withKubeVersion("1.29.0"))).isNotEmpty();
		assertThat(render(Map.of(), (template) -> template.withKubeVersion("1.28.9")))
			.as("without the proxy any version will do")
			.isNotEmpty();
	}

	@Test
	void awaitSchemaInitContainerRunsTheAppImageWithTheServicesLoginAndNoServiceAccount() {
		Deployment deployment = Manifests.only(render(Map.of("awaitSchema.enabled", true)), Deployment.class);
		PodSpec pod = deployment.getSpec().getTemplate().getSpec();
		Container await = pod.getInitContainers().get(0);
		assertThat(pod.getInitContainers()).hasSize(1);
		assertThat(await.getArgs()).containsExactly("--await-schema");
		assertThat(await.getImage()).isEqualTo(KubernetesManifestTests.appContainer(deployment).getImage());
		assertThat(await.getRestartPolicy()).as("an ordinary init container, which must exit").isNull();
		assertThat(await.getEnv()).extracting(EnvVar::getName).noneMatch((name) -> name.startsWith("SPRING_LIQUIBASE"));
		assertThat(pod.getServiceAccountName()).as("no RBAC: it reads the database, not the Kubernetes API").isNull();
		Container plain = Manifests
			.only(Manifests.parse(Manifests.DEPLOY.resolve("kubernetes/deployment-await-schema.yaml")),
					Deployment.class)
			.getSpec()
			.getTemplate()
			.getSpec()
			.getInitContainers()
			.get(0);
		assertThat(await.getEnv()).isEqualTo(plain.getEnv());
		assertThat(await.getResources()).isEqualTo(plain.getResources());
		assertThat(KubernetesManifestTests.value(await, "MIGRATION_AWAIT_TIMEOUT")).isEqualTo("25m");
		assertThat(render(Map.of())).filteredOn(Deployment.class::isInstance)
			.singleElement()
			.satisfies((plainDeployment) -> assertThat(
					((Deployment) plainDeployment).getSpec().getTemplate().getSpec().getInitContainers())
				.isEmpty());
	}

	@Test
	void awaitSchemaWaitsBehindTheDatabaseProxy() {
		PodSpec pod = Manifests
			.only(render(Map.of("awaitSchema.enabled", true, "databaseProxy.enabled", true), KUBERNETES_1_33),
					Deployment.class)
			.getSpec()
			.getTemplate()
			.getSpec();
		assertThat(pod.getInitContainers()).extracting(Container::getName)
			.as("init containers start in order, each after the one before is started (a sidecar) or done")
			.containsExactly("cloud-sql-proxy", "await-schema");
	}

	@Test
	void withTheMigrationRunElsewhereThePodsAwaitTheSchemaAndNoJobIsRendered() {
		List<HasMetadata> rendered = renderHooks(Map.of("migration.enabled", false, "awaitSchema.enabled", true));
		assertThat(rendered).extracting(HasMetadata::getKind).containsExactlyInAnyOrder("Deployment", "Service");
		assertThat(Manifests.only(rendered, Deployment.class).getSpec().getTemplate().getSpec().getInitContainers())
			.extracting(Container::getName)
			.containsExactly("await-schema");
	}

	@Test
	void deploymentRunsTheSameImageWithTheProbesOfThePlainManifest() {
		List<HasMetadata> rendered = renderHooks(Map.of());
		Deployment deployment = Manifests.only(rendered, Deployment.class);
		Container app = KubernetesManifestTests.appContainer(deployment);
		Container plain = KubernetesManifestTests.appContainer(Manifests
			.only(Manifests.parse(Manifests.DEPLOY.resolve("kubernetes/deployment.yaml")), Deployment.class));
		assertThat(app.getImage()).isEqualTo(Manifests.only(rendered, Job.class)
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
		assertThat(app.getEnv()).isEqualTo(plain.getEnv());
		assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
		assertThat(deployment.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal()).isZero();
		Service service = Manifests.only(rendered, Service.class);
		assertThat(service.getSpec().getSelector().entrySet())
			.isSubsetOf(deployment.getSpec().getTemplate().getMetadata().getLabels().entrySet());
	}

	private void isTheCloudSqlProxySidecar(Container proxy) {
		assertThat(proxy.getName()).isEqualTo("cloud-sql-proxy");
		assertThat(proxy.getRestartPolicy()).isEqualTo("Always");
		assertThat(proxy.getImage()).startsWith("gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.");
		assertThat(proxy.getArgs()).contains("--port=5432", "--health-check", "--http-address=0.0.0.0");
		assertThat(proxy.getStartupProbe().getHttpGet().getPath()).isEqualTo("/startup");
		assertThat(proxy.getStartupProbe().getHttpGet().getPort().getIntVal()).isEqualTo(9090);
		assertThat(proxy.getSecurityContext().getRunAsNonRoot()).isTrue();
	}

	private Job helmHookJob(Map<String, Object> overrides) {
		return Manifests.only(renderHooks(overrides), Job.class);
	}

	private static List<HasMetadata> render(Map<String, Object> overrides) {
		return render(overrides, (template) -> template);
	}

	private static List<HasMetadata> render(Map<String, Object> overrides, UnaryOperator<TemplateCommand> options) {
		return render(CHART, overrides, options);
	}

	/**
	 * Render a copy of the chart whose hook templates are no hooks to Helm: every
	 * {@value #HELM_HOOK} key renamed to {@value #RENAMED_HELM_HOOK}, nothing else
	 * changed.
	 */
	private List<HasMetadata> renderHooks(Map<String, Object> overrides) {
		return renderHooks(overrides, (template) -> template);
	}

	private List<HasMetadata> renderHooks(Map<String, Object> overrides, UnaryOperator<TemplateCommand> options) {
		Path copy = copyOfChart();
		Path job = copy.resolve("templates/migration-job.yaml");
		String template = Manifests.read(job);
		assertThat(template.split(HELM_HOOK, -1)).as("one Helm hook key in the template").hasSize(2);
		write(job, template.replace(HELM_HOOK, "\"" + RENAMED_HELM_HOOK + "\":"));
		return render(copy, overrides, options);
	}

	private static List<HasMetadata> render(Path chart, Map<String, Object> overrides,
			UnaryOperator<TemplateCommand> options) {
		TemplateCommand template = new Helm(chart).template().withName(RELEASE);
		overrides.forEach(template::set);
		return Manifests.parse(options.apply(template).call(), "helm template " + overrides);
	}

	private Path copyOfChart() {
		Path copy = this.temp.resolve("chart-" + System.nanoTime());
		try (Stream<Path> files = Files.walk(CHART)) {
			for (Path file : files.toList()) {
				Path target = copy.resolve(CHART.relativize(file).toString());
				if (Files.isDirectory(file)) {
					Files.createDirectories(target);
				}
				else {
					Files.copy(file, target);
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return copy;
	}

	private static void write(Path file, String text) {
		try {
			Files.writeString(file, text);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
