package dev.migrationstarter.liquibase.status;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

import dev.migrationstarter.core.MigrationStatus;

/**
 * Compares the expected changesets with the rows of the changelog table.
 *
 * @author migration-starter
 */
final class StatusComparison {

	private StatusComparison() {
	}

	/**
	 * The status: a selected changeset is pending when no row matches it, a
	 * {@code runOnChange} one also when its checksum changed, a {@code runAlways} one
	 * never; rows that match no changeset of the changelog are unknown.
	 * @param expected the expected changesets
	 * @param appliedChecksums the checksums in the changelog table
	 * @param stillUnknown drops the unknown rows that another changelog of the same table
	 * knows
	 * @param checkedAt when the table was read
	 * @return the status
	 */
	static MigrationStatus compare(ExpectedChangeSets expected, Map<ChangeSetRef, String> appliedChecksums,
			UnaryOperator<List<ChangeSetRef>> stillUnknown, Instant checkedAt) {
		List<ChangeSetRef> pending = new ArrayList<>();
		int applied = 0;
		for (ExpectedChangeSets.Expected changeSet : expected.selected()) {
			String checksum = appliedChecksums.get(changeSet.ref());
			if (changeSet.runAlways()) {
				continue;
			}
			if (checksum == null || (changeSet.runOnChange() && changeSet.checksumDiffers(checksum))) {
				pending.add(changeSet.ref());
			}
			else {
				applied++;
			}
		}
		List<ChangeSetRef> unknown = appliedChecksums.keySet()
			.stream()
			.filter((ref) -> !expected.all().contains(ref))
			.sorted(Comparator.comparing(ChangeSetRef::toString))
			.toList();
		if (!unknown.isEmpty()) {
			unknown = stillUnknown.apply(unknown);
		}
		return new MigrationStatus(pending.stream().map(ChangeSetRef::toChangeRef).toList(), applied,
				unknown.stream().map(ChangeSetRef::toChangeRef).toList(), checkedAt);
	}

	/**
	 * The applied changesets that Liquibase's validation before an update might reject:
	 * those that neither run always nor on change and whose stored checksum is not the
	 * current one. Only these need the parsed changeset, for an older algorithm's
	 * checksum or a {@code validCheckSum}.
	 * @param expected the expected changesets, with every checksum
	 * @param appliedChecksums the checksums in the changelog table
	 * @return the suspects
	 */
	static Set<ChangeSetRef> checksumSuspects(ExpectedChangeSets expected, Map<ChangeSetRef, String> appliedChecksums) {
		Set<ChangeSetRef> suspects = new HashSet<>();
		for (ExpectedChangeSets.Expected changeSet : expected.selected()) {
			String stored = appliedChecksums.get(changeSet.ref());
			if (stored != null && !changeSet.runAlways() && !changeSet.runOnChange()
					&& !stored.equals(changeSet.checksum())) {
				suspects.add(changeSet.ref());
			}
		}
		return suspects;
	}

}
