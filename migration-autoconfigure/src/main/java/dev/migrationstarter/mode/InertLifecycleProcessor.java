package dev.migrationstarter.mode;

import org.springframework.context.LifecycleProcessor;

/**
 * A {@link LifecycleProcessor} that starts nothing, so that message listener containers,
 * schedulers and other {@code SmartLifecycle} beans stay unstarted (and, under lazy
 * initialisation, uncreated) in a run-and-exit mode.
 *
 * @author migration-starter
 */
public class InertLifecycleProcessor implements LifecycleProcessor {

	private volatile boolean running;

	@Override
	public void onRefresh() {
		this.running = true;
	}

	@Override
	public void onClose() {
		this.running = false;
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
