package dev.migrationstarter.liquibase.status;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import liquibase.change.CheckSum;

/**
 * What a status read compares with the changelog table: the changesets that the bean's
 * contexts, label filter and database select, and the refs of every changeset of the
 * changelog, which tell the database's unknown rows apart. It has a text form, one line
 * per changeset, in which the {@link ChangelogIndex} keeps it.
 *
 * @param selected the selected changesets, in changelog order
 * @param all the refs of every changeset of the changelog
 * @param changelogPreconditions whether the changelog itself has preconditions, which an
 * update checks even with nothing pending
 * @author migration-starter
 */
record ExpectedChangeSets(List<Expected> selected, Set<ChangeSetRef> all, boolean changelogPreconditions) {

	private static final char SEPARATOR = '\t';

	private static final String PRECONDITIONS_LINE = "P";

	ExpectedChangeSets {
		selected = List.copyOf(selected);
		all = Set.copyOf(all);
	}

	/**
	 * Why a Liquibase update would do or check something, given the checksums in the
	 * changelog table, or {@code null} when it would find nothing to do. A stored
	 * checksum counts as unchanged only when it is the current algorithm's checksum of
	 * the changeset; any other (an older algorithm, a {@code validCheckSum}) is left to
	 * the update.
	 * @param appliedChecksums the checksums in the changelog table
	 * @return the reason, or {@code null}
	 */
	String reasonForUpdate(Map<ChangeSetRef, String> appliedChecksums) {
		if (this.changelogPreconditions) {
			return "the changelog has preconditions";
		}
		if (this.selected.isEmpty()) {
			return "the changelog selects no changeset";
		}
		for (Expected changeSet : this.selected) {
			if (changeSet.runAlways()) {
				return changeSet.ref() + " runs always";
			}
			String stored = appliedChecksums.get(changeSet.ref());
			if (stored == null || !stored.equals(changeSet.checksum())) {
				return changeSet.ref() + " is pending, changed or has a checksum of an older algorithm";
			}
		}
		return null;
	}

	boolean hasEveryChecksum() {
		return this.selected.stream().allMatch((changeSet) -> changeSet.checksum() != null);
	}

	String toText() {
		StringBuilder text = new StringBuilder();
		if (this.changelogPreconditions) {
			text.append(PRECONDITIONS_LINE).append('\n');
		}
		Set<ChangeSetRef> unselected = new HashSet<>(this.all);
		for (Expected changeSet : this.selected) {
			unselected.remove(changeSet.ref());
			String flags = (changeSet.runAlways() ? "A" : "") + (changeSet.runOnChange() ? "O" : "");
			line(text, "S", flags.isEmpty() ? "-" : flags, (changeSet.checksum() != null) ? changeSet.checksum() : "-",
					changeSet.ref());
		}
		unselected.stream()
			.sorted((left, right) -> left.toString().compareTo(right.toString()))
			.forEach((ref) -> line(text, "U", "-", "-", ref));
		return text.toString();
	}

	private static void line(StringBuilder text, String kind, String flags, String checksum, ChangeSetRef ref) {
		text.append(kind).append(SEPARATOR).append(flags).append(SEPARATOR).append(checksum);
		for (String field : new String[] { ref.file(), ref.id(), ref.author() }) {
			text.append(SEPARATOR).append(escape(field));
		}
		text.append('\n');
	}

	static ExpectedChangeSets fromText(String text) {
		List<Expected> selected = new ArrayList<>();
		Set<ChangeSetRef> all = new HashSet<>();
		boolean changelogPreconditions = false;
		for (String line : text.split("\n")) {
			if (line.isEmpty()) {
				continue;
			}
			if (PRECONDITIONS_LINE.equals(line)) {
				changelogPreconditions = true;
				continue;
			}
			String[] fields = line.split(String.valueOf(SEPARATOR), -1);
			if (fields.length != 6) {
				throw new IllegalArgumentException("Malformed changelog index line: " + line);
			}
			ChangeSetRef ref = new ChangeSetRef(unescape(fields[3]), unescape(fields[4]), unescape(fields[5]));
			all.add(ref);
			if ("S".equals(fields[0])) {
				selected.add(new Expected(ref, fields[1].contains("A"), fields[1].contains("O"),
						"-".equals(fields[2]) ? null : fields[2]));
			}
		}
		return new ExpectedChangeSets(selected, all, changelogPreconditions);
	}

	private static String escape(String field) {
		if (field == null) {
			return "\\0";
		}
		return field.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
	}

	private static String unescape(String field) {
		if ("\\0".equals(field)) {
			return null;
		}
		StringBuilder value = new StringBuilder(field.length());
		for (int i = 0; i < field.length(); i++) {
			char c = field.charAt(i);
			if (c != '\\' || i + 1 == field.length()) {
				value.append(c);
				continue;
			}
			char escaped = field.charAt(++i);
			value.append(switch (escaped) {
				case 't' -> '\t';
				case 'n' -> '\n';
				case 'r' -> '\r';
				default -> escaped;
			});
		}
		return value.toString();
	}

	/**
	 * One selected changeset.
	 *
	 * @param ref its identity in the changelog table
	 * @param runAlways whether it runs on every update, so is never pending
	 * @param runOnChange whether a changed checksum makes it pending again
	 * @param checksum its checksum by the current algorithm, as the changelog table
	 * stores it; {@code null} when only a {@code runOnChange} changeset's is needed
	 */
	record Expected(ChangeSetRef ref, boolean runAlways, boolean runOnChange, String checksum) {

		boolean checksumDiffers(String stored) {
			if (stored == null || this.checksum == null) {
				return false;
			}
			CheckSum storedChecksum = CheckSum.parse(stored);
			CheckSum current = CheckSum.parse(this.checksum);
			// a checksum of an older algorithm cannot be compared; Liquibase upgrades it
			// on its next update
			return storedChecksum.getVersion() == current.getVersion() && !storedChecksum.equals(current);
		}

	}

}
