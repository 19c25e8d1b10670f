package dev.migrationstarter.lock;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;

import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The contract of the ShedLock lease ({@link ShedLockMigrationLock}), the lock of H2 and
 * unknown databases.
 *
 * @author migration-starter
 */
abstract class AbstractLeaseMigrationLockIntegrationTests extends AbstractMigrationLockIntegrationTests {

	@Override
	protected MigrationLock lock(LockSettings settings) {
		return new ShedLockMigrationLock(settings);
	}

	@Override
	protected String holderDescription() {
		return "locked at";
	}

	@Test
	void takesOverTheLockOfAHolderThatDiedOnceItsLeaseEnds() {
		LockTable.createIfMissing(this.dataSource, TABLE);
		Duration deadHoldersLease = Duration.ofSeconds(3);
		assertThat(shedLockProvider()
			.lock(new LockConfiguration(Instant.now(), LOCK_NAME, deadHoldersLease, Duration.ZERO))).isPresent();
		try (HeldMigrationLock held = lock(Duration.ofSeconds(60)).acquire(this.dataSource)) {
			assertThat(held.waited()).isGreaterThan(Duration.ofSeconds(1)).isLessThan(deadHoldersLease.plusSeconds(10));
		}
	}

	@Test
	void keepsTheLeaseAliveForAsLongAsTheHolderLives() {
		try (HeldMigrationLock held = lock(Duration.ofSeconds(5)).acquire(this.dataSource)) {
			Timestamp firstLeaseEnd = leaseEnd();
			long deadline = System.nanoTime() + Duration.ofSeconds(45).toNanos();
			while (!leaseEnd().after(firstLeaseEnd) && System.nanoTime() < deadline) {
				pollPause();
			}
			assertThat(leaseEnd()).isAfter(firstLeaseEnd);
		}
	}

	@Test
	void verifyingRenewsTheLeaseWhileItIsStillThisOwners() {
		try (HeldMigrationLock held = lock(Duration.ofSeconds(5)).acquire(this.dataSource)) {
			Timestamp soon = new Timestamp(leaseEnd().getTime() - 20_000);
			new JdbcTemplate(this.dataSource).update("UPDATE " + TABLE + " SET lock_until = ? WHERE name = ?", soon,
					LOCK_NAME);
			held.verifyHeld();
			assertThat(leaseEnd()).isAfter(soon);
		}
	}

	@Test
	void verifyingFindsALeaseTakenOverByAnotherOwnerLostAndNamesTheNewHolder() {
		try (HeldMigrationLock held = lock(Duration.ofSeconds(5)).acquire(this.dataSource)) {
			new JdbcTemplate(this.dataSource).update("UPDATE " + TABLE + " SET locked_by = ? WHERE name = ?",
					"other-host pid 1 token 00000000", LOCK_NAME);
			assertThatExceptionOfType(LockLostException.class).isThrownBy(held::verifyHeld)
				.withMessageContaining("no longer held by this migrator")
				.withMessageContaining("other-host pid 1 token 00000000");
			assertThat(lockedBy()).isEqualTo("other-host pid 1 token 00000000");
		}
	}

	@Test
	void verifyingFindsALeaseThatRanOutLostEvenWhileItsRowStillNamesThisOwner() {
		try (HeldMigrationLock held = lock(Duration.ofSeconds(5)).acquire(this.dataSource)) {
			String owner = lockedBy();
			new JdbcTemplate(this.dataSource).update("UPDATE " + TABLE + " SET lock_until = ? WHERE name = ?",
					new Timestamp(leaseEnd().getTime() - 120_000), LOCK_NAME);
			assertThatExceptionOfType(LockLostException.class).isThrownBy(held::verifyHeld)
				.withMessageContaining("ran out or was taken over");
			assertThat(lockedBy()).isEqualTo(owner);
		}
	}

	@Test
	void migratesThroughTheDataSourceItWasTakenFor() {
		try (HeldMigrationLock held = lock(Duration.ofSeconds(5)).acquire(this.dataSource)) {
			assertThat(held.dataSource()).isSameAs(this.dataSource);
			assertThat(held.session()).isEmpty();
		}
	}

	private JdbcTemplateLockProvider shedLockProvider() {
		return new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
			.withJdbcTemplate(new JdbcTemplate(this.dataSource))
			.withTableName(TABLE)
			.usingDbTime()
			.build());
	}

}
