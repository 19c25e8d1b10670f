package dev.migrationstarter.guard.locks;

import java.time.Duration;
import java.util.List;

import dev.migrationstarter.core.MigrationEngine;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Tells every {@link LockRetryListener}, and goes on when one fails.
 *
 * @param engine the engine of the migrations, for the calls without one
 * @param all the listeners
 * @author migration-starter
 */
record LockRetryListeners(MigrationEngine engine, List<LockRetryListener> all) implements LockRetryListener {

	private static final Log logger = LogFactory.getLog(LockRetryListeners.class);

	@Override
	public void retried(String beanName, String changeSet) {
		retried(this.engine, beanName, changeSet);
	}

	@Override
	public void waited(String beanName, String changeSet, Duration waited) {
		waited(this.engine, beanName, changeSet, waited);
	}

	@Override
	public void retried(MigrationEngine engine, String name, String change) {
		for (LockRetryListener listener : this.all) {
			try {
				listener.retried(engine, name, change);
			}
			catch (RuntimeException ex) {
				logger.warn("Lock retry listener " + listener + " failed: " + ex.getMessage());
			}
		}
	}

	@Override
	public void waited(MigrationEngine engine, String name, String change, Duration waited) {
		for (LockRetryListener listener : this.all) {
			try {
				listener.waited(engine, name, change, waited);
			}
			catch (RuntimeException ex) {
				logger.warn("Lock retry listener " + listener + " failed: " + ex.getMessage());
			}
		}
	}

}
