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
 * @param connectionLostTimeout how long a session lock's holder goes without an answer
 * from its database before it abandons the session
 * @author migration-starter
 */
public record LockSettings(String tableName, String lockName, Duration lease, Duration waitTimeout,
		Duration pollInterval, Duration connectionLostTimeout) {

	/**
	 * The shortest lease that can be kept alive by renewal.
	 */
	public static final Duration MINIMUM_LEASE = Duration.ofSeconds(30);

	/**
	 * The shortest time without an answer after which a session is abandoned.
	 */
	public static final Duration MINIMUM_CONNECTION_LOST_TIMEOUT = Duration.ofSeconds(2);

	private static final Duration DEFAULT_CONNECTION_LOST_TIMEOUT = Duration.ofMinutes(1);

	public LockSettings {
		TableNames.requireValid("migration.lock.table-name", tableName);
		Assert.hasText(lockName, "The lock name must not be empty");
		Assert.isTrue(lease.compareTo(MINIMUM_LEASE) >= 0,
				() -> "migration.lock.lease must be at least " + MINIMUM_LEASE.toSeconds() + "s, was " + lease);
		Assert.isTrue(!waitTimeout.isNegative(), "migration.lock.wait-timeout must not be negative");
		Assert.isTrue(!pollInterval.isNegative() && !pollInterval.isZero(),
				"migration.lock.poll-interval must be positive");
		Assert.isTrue(connectionLostTimeout.compareTo(MINIMUM_CONNECTION_LOST_TIMEOUT) >= 0,
				() -> "migration.lock.connection-lost-timeout must be at least "
						+ MINIMUM_CONNECTION_LOST_TIMEOUT.toSeconds() + "s, was " + connectionLostTimeout);
	}

	public LockSettings(String tableName, String lockName, Duration lease, Duration waitTimeout,
			Duration pollInterval) {
		this(tableName, lockName, lease, waitTimeout, pollInterval, DEFAULT_CONNECTION_LOST_TIMEOUT);
	}

}
