package dev.migrationstarter.sample.process;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import com.sun.net.httpserver.HttpServer;
import dev.migrationstarter.sample.SampleApplication;
import dev.migrationstarter.sample.process.AppProcess.Result;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code --migrate-only} process with a push meter registry (OTLP) publishes the
 * migration meters before it exits, to a local OTLP receiver.
 *
 * @author migration-starter
 */
class H2MetricsPushProcessIT {

	@TempDir
	Path workDir;

	private HttpServer receiver;

	private final Queue<String> received = new ConcurrentLinkedQueue<>();

	@BeforeEach
	void startReceiver() throws IOException {
		this.receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.receiver.createContext("/v1/metrics", (exchange) -> {
			try (InputStream body = exchange.getRequestBody()) {
				// OTLP protobuf keeps metric names as plain UTF-8 strings
				this.received.add(new String(body.readAllBytes(), StandardCharsets.ISO_8859_1));
			}
			exchange.sendResponseHeaders(200, -1);
			exchange.close();
		});
		this.receiver.start();
	}

	@AfterEach
	void stopReceiver() {
		this.receiver.stop(0);
	}

	@Test
	void migrateOnlyPublishesItsMetersThroughThePushRegistryBeforeExiting() {
		String url = "http://127.0.0.1:" + this.receiver.getAddress().getPort() + "/v1/metrics";
		Result result = AppProcess
			.mainClass(this.workDir, SampleApplication.class, "--migrate-only",
					"--spring.datasource.url=jdbc:h2:file:" + this.workDir.resolve("push") + ";AUTO_SERVER=TRUE",
					"--management.otlp.metrics.export.url=" + url,
					// only the publication on close can deliver the meters within this
					// test
					"--management.otlp.metrics.export.step=1h")
			.named("migrate")
			.run();
		assertThat(result.exitCode()).as(result.toString()).isZero();
		String published = String.join("\n", this.received);
		assertThat(published).contains("migration.run")
			.contains("migration.changesets.applied")
			.contains("migration.lock.wait")
			.contains("success");
	}

}
