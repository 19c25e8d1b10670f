package dev.migrationstarter.readiness;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.beans.factory.DisposableBean;

/**
 * The {@link MigrationStatusMonitor} of each migration target, shared by the readiness
 * check and the status meters.
 *
 * @author migration-starter
 */
public class MigrationStatusMonitors implements DisposableBean {

	private final Map<String, MigrationStatusMonitor> monitors;

	public MigrationStatusMonitors(Map<String, MigrationStatusMonitor> monitors) {
		this.monitors = new LinkedHashMap<>(monitors);
	}

	/**
	 * The monitors by bean name.
	 * @return the monitors
	 */
	public Map<String, MigrationStatusMonitor> asMap() {
		return Collections.unmodifiableMap(this.monitors);
	}

	/**
	 * Start the first read of every monitor in the background.
	 */
	public void start() {
		this.monitors.values().forEach(MigrationStatusMonitor::start);
	}

	@Override
	public void destroy() {
		this.monitors.values().forEach(MigrationStatusMonitor::destroy);
	}

}
