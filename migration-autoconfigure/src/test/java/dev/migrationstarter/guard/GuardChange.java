package dev.migrationstarter.guard;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A change of a test changeset, written once and rendered as an XML, a YAML or a
 * formatted SQL changelog.
 *
 * @param xml the change as XML elements
 * @param yaml the change as YAML list entries under {@code changes:}
 * @param sql the change as formatted SQL statements
 * @author migration-starter
 */
record GuardChange(String xml, String yaml, String sql) {

	/**
	 * A raw SQL change: {@code <sql>} in XML, {@code sql:} in YAML.
	 * @param sql the statement
	 * @return the change
	 */
	static GuardChange sql(String sql) {
		return new GuardChange("<sql>" + sql.replace("&", "&amp;").replace("<", "&lt;") + "</sql>",
				"        - sql:\n            sql: |\n              " + sql + "\n", sql + ";");
	}

	/**
	 * A native Liquibase change.
	 * @param type the change type, such as {@code dropColumn}
	 * @param attributes name, value, name, value...
	 * @return a builder that takes the SQL form of the change last
	 */
	static Native change(String type, String... attributes) {
		return new Native(type, pairs(attributes));
	}

	/**
	 * This change followed by another in the same changeset.
	 * @param next the other change
	 * @return both
	 */
	GuardChange then(GuardChange next) {
		return new GuardChange(this.xml + "\n" + next.xml, this.yaml + next.yaml, this.sql + "\n" + next.sql);
	}

	/**
	 * A changelog of one changeset holding this change.
	 * @param format the format
	 * @param id the changeset id
	 * @param runInTransaction whether the changeset runs in a transaction
	 * @return the changelog's content
	 */
	String changelog(Format format, String id, boolean runInTransaction) {
		return switch (format) {
			case XML ->
				"""
						<?xml version="1.0" encoding="UTF-8"?>
						<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog"
								xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
								xsi:schemaLocation="http://www.liquibase.org/xml/ns/dbchangelog https://www.liquibase.org/xml/ns/dbchangelog/dbchangelog-latest.xsd">
						<changeSet id="%s" author="test" runInTransaction="%s">
						%s
						</changeSet>
						</databaseChangeLog>
						"""
					.formatted(id, runInTransaction, this.xml);
			case YAML -> """
					databaseChangeLog:
					  - changeSet:
					      id: %s
					      author: test
					      runInTransaction: %s
					      changes:
					%s""".formatted(id, runInTransaction, this.yaml);
			case SQL -> "--liquibase formatted sql\n\n--changeset test:%s runInTransaction:%s\n%s\n".formatted(id,
					runInTransaction, this.sql);
		};
	}

	private static Map<String, String> pairs(String... attributes) {
		Map<String, String> pairs = new LinkedHashMap<>();
		for (int i = 0; i < attributes.length; i += 2) {
			pairs.put(attributes[i], attributes[i + 1]);
		}
		return pairs;
	}

	/**
	 * The changelog formats.
	 */
	enum Format {

		XML("xml"), YAML("yaml"), SQL("sql");

		private final String extension;

		Format(String extension) {
			this.extension = extension;
		}

		String fileName(String name) {
			return name + "." + this.extension;
		}

	}

	/**
	 * Builds a native change.
	 */
	static final class Native {

		private final String type;

		private final Map<String, String> attributes;

		private final List<Map<String, String>> columns = new ArrayList<>();

		private final List<Map<String, String>> constraints = new ArrayList<>();

		Native(String type, Map<String, String> attributes) {
			this.type = type;
			this.attributes = attributes;
		}

		Native column(String... attributes) {
			return column(new String[0], attributes);
		}

		Native column(String[] constraints, String... attributes) {
			this.columns.add(pairs(attributes));
			this.constraints.add(pairs(constraints));
			return this;
		}

		/**
		 * The change, with its formatted SQL form.
		 * @param sql what the change is in SQL
		 * @return the change
		 */
		GuardChange or(String sql) {
			StringBuilder xml = new StringBuilder("<").append(this.type);
			this.attributes
				.forEach((name, value) -> xml.append(' ').append(name).append("=\"").append(value).append('"'));
			StringBuilder yaml = new StringBuilder("        - ").append(this.type).append(":\n");
			this.attributes.forEach(
					(name, value) -> yaml.append("            ").append(name).append(": ").append(value).append('\n'));
			if (this.columns.isEmpty()) {
				xml.append("/>");
			}
			else {
				xml.append('>');
				yaml.append("            columns:\n");
				for (int i = 0; i < this.columns.size(); i++) {
					xml.append("<column");
					yaml.append("              - column:\n");
					this.columns.get(i).forEach((name, value) -> {
						xml.append(' ').append(name).append("=\"").append(value).append('"');
						yaml.append("                  ").append(name).append(": ").append(value).append('\n');
					});
					Map<String, String> constraints = this.constraints.get(i);
					if (constraints.isEmpty()) {
						xml.append("/>");
					}
					else {
						xml.append("><constraints");
						yaml.append("                  constraints:\n");
						constraints.forEach((name, value) -> {
							xml.append(' ').append(name).append("=\"").append(value).append('"');
							yaml.append("                    ").append(name).append(": ").append(value).append('\n');
						});
						xml.append("/></column>");
					}
				}
				xml.append("</").append(this.type).append('>');
			}
			return new GuardChange(xml.toString(), yaml.toString(), sql.endsWith(";") ? sql : sql + ";");
		}

	}

}
