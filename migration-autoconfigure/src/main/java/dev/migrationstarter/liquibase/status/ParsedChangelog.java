package dev.migrationstarter.liquibase.status;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import liquibase.ChecksumVersion;
import liquibase.Scope;
import liquibase.change.CheckSum;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.exception.LiquibaseException;
import liquibase.precondition.Precondition;
import liquibase.precondition.PreconditionLogic;

/**
 * A changelog parsed for one database, with the changesets that a bean's contexts, label
 * filter and database select.
 *
 * @param changeLog the whole changelog
 * @param selected the selected changesets, in changelog order
 * @param resourceAccessor what the parse read, and reads on
 * @author migration-starter
 */
record ParsedChangelog(DatabaseChangeLog changeLog, List<ChangeSet> selected,
		RecordingResourceAccessor resourceAccessor) {

	ParsedChangelog {
		selected = List.copyOf(selected);
	}

	/**
	 * The changesets to compare with the changelog table. A status read needs the
	 * checksums of {@code runOnChange} changesets only, an update's check (and the index)
	 * every checksum, whose computation a large changelog feels.
	 * @param everyChecksum whether to compute the checksum of every selected changeset
	 * @return the expected changesets
	 */
	ExpectedChangeSets expected(boolean everyChecksum) {
		return inScope(() -> {
			List<ExpectedChangeSets.Expected> expected = new ArrayList<>();
			Set<ChangeSetRef> all = new HashSet<>();
			for (ChangeSet changeSet : this.changeLog.getChangeSets()) {
				all.add(refOf(changeSet));
			}
			for (ChangeSet changeSet : this.selected) {
				String checksum = (everyChecksum || changeSet.isRunOnChange())
						? changeSet.generateCheckSum(ChecksumVersion.latest()).toString() : null;
				expected.add(new ExpectedChangeSets.Expected(refOf(changeSet), changeSet.isAlwaysRun(),
						changeSet.isRunOnChange(), checksum));
			}
			return new ExpectedChangeSets(expected, all, hasPreconditions(this.changeLog.getPreconditions()));
		});
	}

	/**
	 * Hand the changesets that an update would run to some work, in the scope of this
	 * parse: the pending ones, a {@code runOnChange} one whose checksum changed, and
	 * every {@code runAlways} one, in changelog order.
	 * @param <T> the result of the work
	 * @param appliedChecksums the checksums in the changelog table
	 * @param work what to do with the changesets
	 * @return the result of the work
	 */
	<T> T withChangeSetsToRun(Map<ChangeSetRef, String> appliedChecksums, Function<List<ChangeSet>, T> work) {
		return inScope(() -> {
			List<ChangeSet> toRun = new ArrayList<>();
			for (ChangeSet changeSet : this.selected) {
				String checksum = appliedChecksums.get(refOf(changeSet));
				if (checksum == null || changeSet.isAlwaysRun()
						|| (changeSet.isRunOnChange() && !changeSet.isCheckSumValid(CheckSum.parse(checksum)))) {
					toRun.add(changeSet);
				}
			}
			return work.apply(toRun);
		});
	}

	/**
	 * The suspects whose stored checksum is neither valid for the changeset nor one of
	 * its {@code validCheckSum}s.
	 * @param suspects the changesets whose stored checksum differs from the current one
	 * @param appliedChecksums the checksums in the changelog table
	 * @return the edited changesets, in changelog order
	 */
	List<ChangeSetRef> edited(Set<ChangeSetRef> suspects, Map<ChangeSetRef, String> appliedChecksums) {
		return inScope(() -> {
			List<ChangeSetRef> edited = new ArrayList<>();
			for (ChangeSet changeSet : this.selected) {
				ChangeSetRef ref = refOf(changeSet);
				if (suspects.contains(ref) && !changeSet.isCheckSumValid(CheckSum.parse(appliedChecksums.get(ref)))) {
					edited.add(ref);
				}
			}
			return edited;
		});
	}

	// a change that reads a file (sqlFile, loadData) for its checksum reads it through
	// the resource accessor of the current scope: the one of the parse
	private <T> T inScope(Scope.ScopedRunnerWithReturn<T> work) {
		try {
			return this.resourceAccessor.callInScope(work);
		}
		catch (LiquibaseException ex) {
			throw new IllegalStateException(ex.getMessage(), ex);
		}
	}

	// an included changelog adds its own, often empty, container to its parent's
	private static boolean hasPreconditions(Precondition precondition) {
		if (precondition instanceof PreconditionLogic logic) {
			return logic.getNestedPreconditions().stream().anyMatch(ParsedChangelog::hasPreconditions);
		}
		return precondition != null;
	}

	private static ChangeSetRef refOf(ChangeSet changeSet) {
		return new ChangeSetRef(DatabaseChangeLog.normalizePath(changeSet.getStoredFilePath()), changeSet.getId(),
				changeSet.getAuthor());
	}

}
