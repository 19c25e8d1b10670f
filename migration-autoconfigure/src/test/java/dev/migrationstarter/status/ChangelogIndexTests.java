package dev.migrationstarter.status;

import java.util.List;
import java.util.Set;

import liquibase.change.CheckSum;
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
		CheckSum checksum = CheckSum.parse("9:2885a725e8d457644c9f848a0e6850d3");
		ExpectedChangeSets expected = new ExpectedChangeSets(
				List.of(new ExpectedChangeSets.Expected(plain, true, false, null),
						new ExpectedChangeSets.Expected(awkward, false, true, checksum)),
				Set.of(plain, awkward, outside));
		ExpectedChangeSets read = ExpectedChangeSets.fromText(expected.toText());
		assertThat(read).isEqualTo(expected);
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
