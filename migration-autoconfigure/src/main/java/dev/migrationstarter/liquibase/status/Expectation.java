package dev.migrationstarter.liquibase.status;

/**
 * The changesets a database is compared with, and where they came from: the changelog
 * index, or a parse that later steps (the guard's SQL, the index) may reuse.
 *
 * @param changeSets the expected changesets
 * @param parse the parse they came from, or {@code null} when they came from the index or
 * the parse was not kept
 * @param indexKey the key of the changelog in the index, or {@code null} when there is no
 * index or the changelog cannot be indexed
 * @param fromIndex whether the changesets came from the index
 * @author migration-starter
 */
record Expectation(ExpectedChangeSets changeSets, ParsedChangelog parse, ChangelogIndex.Key indexKey,
		boolean fromIndex) {

	/**
	 * Whether these changesets answer a comparison: a status read needs any, an update's
	 * check every checksum, and, unless they came from the index, the parse to index.
	 * @param everyChecksum whether every checksum is needed
	 * @return whether they answer it
	 */
	boolean answers(boolean everyChecksum) {
		return !everyChecksum || (this.changeSets.hasEveryChecksum() && (this.fromIndex || this.parse != null));
	}

	Expectation withParse(ParsedChangelog parse) {
		return new Expectation(this.changeSets, parse, this.indexKey, this.fromIndex);
	}

	Expectation withoutParse() {
		return (this.parse != null) ? withParse(null) : this;
	}

}
