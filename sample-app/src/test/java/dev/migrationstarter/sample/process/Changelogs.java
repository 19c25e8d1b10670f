package dev.migrationstarter.sample.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes small Liquibase changelogs for the tests.
 *
 * @author migration-starter
 */
final class Changelogs {

	private Changelogs() {
	}

	/**
	 * Write a changelog of the given changesets.
	 * @param file where to write it
	 * @param changeSets the {@code changeSet} elements
	 * @return the {@code spring.liquibase.change-log} argument that names the file
	 */
	static String write(Path file, String... changeSets) {
		StringBuilder xml = new StringBuilder(
				"""
						<?xml version="1.0" encoding="UTF-8"?>
						<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog"
								xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
								xsi:schemaLocation="http://www.liquibase.org/xml/ns/dbchangelog https://www.liquibase.org/xml/ns/dbchangelog/dbchangelog-latest.xsd">
						""");
		for (String changeSet : changeSets) {
			xml.append(changeSet).append('\n');
		}
		xml.append("</databaseChangeLog>\n");
		try {
			Files.writeString(file, xml);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return "--spring.liquibase.change-log=file:" + file.toAbsolutePath();
	}

	static String createTable(String id, String table) {
		return """
				<changeSet id="%s" author="test">
					<createTable tableName="%s">
						<column name="id" type="BIGINT"><constraints primaryKey="true" nullable="false"/></column>
					</createTable>
				</changeSet>""".formatted(id, table);
	}

	static String insert(String id, String table, long value) {
		return """
				<changeSet id="%s" author="test">
					<insert tableName="%s"><column name="id" valueNumeric="%d"/></insert>
				</changeSet>""".formatted(id, table, value);
	}

	static String sql(String id, String sql) {
		return """
				<changeSet id="%s" author="test">
					<sql>%s</sql>
				</changeSet>""".formatted(id, sql);
	}

}
