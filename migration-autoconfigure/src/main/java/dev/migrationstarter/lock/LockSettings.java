package dev.migrationstarter.lock;

import java.time.Duration;

import dev.migrationstarter.jdbc.TableNames;

import org.springframework.util.Assert;

/**
 * How the migration lock is named, stored, leased and waited for.
 *
 * @param tableName the ShedLock table, optionally schema-qualified
 * @param lockName the name of the lock row
 * @param lease how long a lock lasts without being renewed by a live holder
 * @param waitTimeout how long to wait for a lock that another migrator holds
 * @param pollInterval how often to try again while waiting
 * @author migration-starter
 */
public record LockSettings(String tableName, String lockName, Duration lease, Duration waitTimeout,
		Duration pollInterval) {

	/**
	 * The shortest lease that can be kept alive by renewal.
	 */
	public static final Duration MINIMUM_LEASE = Duration.ofSeconds(30);

	public LockSettings {
		TableNames.requireValid("migration.lock.table-name", tableName);
		Assert.hasText(lockName, "The lock name must not be empty");
		Assert.isTrue(lease.compareTo(MINIMUM_LEASE) >= 0,
				() -> "migration.lock.lease must be at least " + MINIMUM_LEASE.toSeconds() + "s, was " + lease);
		Assert.isTrue(!waitTimeout.isNegative(), "migration.lock.wait-timeout must not be negative");
		Assert.isTrue(!pollInterval.isNegative() && !pollInterval.isZero(),
				"migration.lock.poll-interval must be positive");
	}

}
