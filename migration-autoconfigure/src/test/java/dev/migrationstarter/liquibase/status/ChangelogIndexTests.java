package dev.migrationstarter.liquibase.status;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ChangelogIndex} and the text form of {@link ExpectedChangeSets}.
 *
 * @author migration-starter
 */
class ChangelogIndexTests {

	@Test
	void findsThePropertiesThatAFileRefersTo() {
		assertThat(ChangelogIndex.propertyReferences("a ${x} b ${database.y}${} ${unclosed"))
			.containsExactly("database.y", "x");
	}

	@Test
	void keepsEveryFieldThroughItsTextForm() {
		ChangeSetRef plain = new ChangeSetRef("db/a.xml", "1", "alice");
		ChangeSetRef awkward = new ChangeSetRef("db/b\tc.xml", "2\\n", "bob\nsmith");
		ChangeSetRef outside = new ChangeSetRef("db/a.xml", "3", null);
		for (boolean changelogPreconditions : new boolean[] { false, true }) {
			ExpectedChangeSets expected = new ExpectedChangeSets(
					List.of(new ExpectedChangeSets.Expected(plain, true, false, null),
							new ExpectedChangeSets.Expected(awkward, false, true,
									"9:2885a725e8d457644c9f848a0e6850d3")),
					Set.of(plain, awkward, outside), changelogPreconditions);
			ExpectedChangeSets read = ExpectedChangeSets.fromText(expected.toText());
			assertThat(read).isEqualTo(expected);
		}
	}

	@Test
	void findsAnUpdateNeedlessOnlyWhenEverySelectedChangeSetIsStoredWithItsCurrentChecksum() {
		ChangeSetRef a = new ChangeSetRef("db/a.xml", "a", "alice");
		ChangeSetRef b = new ChangeSetRef("db/a.xml", "b", "alice");
		ExpectedChangeSets expected = new ExpectedChangeSets(
				List.of(new ExpectedChangeSets.Expected(a, false, false, "9:aa"),
						new ExpectedChangeSets.Expected(b, false, true, "9:bb")),
				Set.of(a, b), false);
		assertThat(expected.reasonForUpdate(Map.of(a, "9:aa", b, "9:bb"))).isNull();
		assertThat(expected.reasonForUpdate(Map.of(a, "9:aa"))).contains("db/a.xml::b::alice is pending");
		assertThat(expected.reasonForUpdate(Map.of(a, "9:aa", b, "9:cc"))).as("edited").isNotNull();
		assertThat(expected.reasonForUpdate(Map.of(a, "8:aa", b, "9:bb"))).as("an older algorithm").isNotNull();
		ExpectedChangeSets always = new ExpectedChangeSets(
				List.of(new ExpectedChangeSets.Expected(a, true, false, "9:aa")), Set.of(a), false);
		assertThat(always.reasonForUpdate(Map.of(a, "9:aa"))).contains("runs always");
		ExpectedChangeSets guarded = new ExpectedChangeSets(
				List.of(new ExpectedChangeSets.Expected(a, false, false, "9:aa")), Set.of(a), true);
		assertThat(guarded.reasonForUpdate(Map.of(a, "9:aa"))).contains("preconditions");
		assertThat(new ExpectedChangeSets(List.of(), Set.of(a), false).reasonForUpdate(Map.of(a, "9:aa")))
			.contains("selects no changeset");
	}

	@Test
	void placesAChangelogInItsDirectory() {
		assertThat(ChangelogIndex.ChangelogDirectory.of("classpath:db/changelog/master.xml").pattern())
			.isEqualTo("classpath*:db/changelog/**");
		assertThat(ChangelogIndex.ChangelogDirectory.of("file:/srv/app/changelog/master.xml").pattern())
			.isEqualTo("file:/srv/app/changelog/**");
		assertThat(ChangelogIndex.ChangelogDirectory.of("classpath:master.xml")).as("the class path root").isNull();
		assertThat(ChangelogIndex.ChangelogDirectory.of("db/changelog/master.xml")).as("no known prefix").isNull();
		ChangelogIndex.ChangelogDirectory directory = ChangelogIndex.ChangelogDirectory
			.of("classpath:/db/changelog/master.xml");
		assertThat(directory.contains("db/changelog/v2/x.xml")).isTrue();
		assertThat(directory.contains("classpath:db/changelog/x.xml")).isTrue();
		assertThat(directory.contains("db/changelog-other/x.xml")).isFalse();
		assertThat(directory.contains("db/changelog/../shared/x.xml")).isFalse();
	}

}
