package dev.migrationstarter.liquibase.status;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import javax.sql.DataSource;

import dev.migrationstarter.jdbc.DatabaseDialect;
import dev.migrationstarter.jdbc.OwnTables;
import dev.migrationstarter.jdbc.Redaction;
import dev.migrationstarter.jdbc.TableNames;
import liquibase.util.LiquibaseUtil;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * The changesets of a changelog as the migration job parsed them, kept in a table of the
 * database, so that a starting application can compare the database with its changelog
 * without parsing it.
 *
 * <p>
 * A changelog is found again only when everything its parse depended on is the same: an
 * entry's key is a digest of every file in the changelog's directory (names and bytes),
 * the changelog location, contexts, label filter and parameters, the type of database,
 * the Liquibase version and Liquibase's own settings, and the values of the system
 * properties and environment variables that the files refer to (Liquibase substitutes
 * both). The job writes an entry only when its parse read nothing outside that directory
 * and the files refer to no {@code database.*} property, whose value depends on the
 * login. Anything else (no entry, no table, no right to read it) means a parse, as
 * without the index.
 *
 * @author migration-starter
 */
public final class ChangelogIndex {

	private static final Log logger = LogFactory.getLog(ChangelogIndex.class);

	private final String tableName;

	/**
	 * Create an index kept in the given table.
	 * @param tableName the table, optionally qualified by its schema
	 */
	public ChangelogIndex(String tableName) {
		this.tableName = TableNames.requireValid("migration.changelog-index.table-name", tableName);
	}

	/**
	 * The key under which the changelog is kept, as this process sees it.
	 * @param changeLog the changelog location
	 * @param settings everything else the parse depends on: contexts, label filter,
	 * parameters, database type
	 * @param resourceLoader loads the changelog's files
	 * @return the key and the files it covers, or {@code null} when the changelog cannot
	 * be indexed
	 */
	Key key(String changeLog, Map<String, String> settings, ResourceLoader resourceLoader) {
		ChangelogDirectory directory = ChangelogDirectory.of(changeLog);
		if (directory == null) {
			return null;
		}
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			update(digest, "migration-starter changelog index 2");
			update(digest, LiquibaseUtil.getBuildVersion());
			update(digest, changeLog);
			new TreeMap<>(settings).forEach((name, value) -> update(digest, name + "=" + value));
			new TreeMap<>(System.getProperties()).forEach((name, value) -> {
				if (name.toString().startsWith("liquibase.")) {
					update(digest, "system " + name + "=" + value);
				}
			});
			new TreeMap<>(System.getenv()).forEach((name, value) -> {
				if (name.startsWith("LIQUIBASE_")) {
					update(digest, "env " + name + "=" + value);
				}
			});
			List<Resource> resources = directory.readable(resourceLoader);
			Map<String, byte[]> files = directory.files(resources);
			Set<String> references = new TreeSet<>();
			for (Map.Entry<String, byte[]> file : files.entrySet()) {
				update(digest, "file " + file.getKey());
				digest.update(MessageDigest.getInstance("SHA-256").digest(file.getValue()));
				references.addAll(propertyReferences(new String(file.getValue(), StandardCharsets.UTF_8)));
			}
			for (String reference : references) {
				if (reference.startsWith("database.")) {
					return null;
				}
				update(digest, "property " + reference + "=" + System.getProperty(reference));
				update(digest, "environment " + reference + "=" + System.getenv(reference));
			}
			return new Key(HexFormat.of().formatHex(digest.digest()), directory, directory.uris(resources));
		}
		catch (IOException | NoSuchAlgorithmException | RuntimeException ex) {
			logger.debug("Changelog " + changeLog + " cannot be indexed: " + ex.getMessage());
			return null;
		}
	}

	// the names in ${name}; a plain search, as a regular expression over a large
	// changelog
	// costs a starting application noticeably more
	static Set<String> propertyReferences(String text) {
		Set<String> names = new TreeSet<>();
		int start = text.indexOf("${");
		while (start >= 0) {
			int end = text.indexOf('}', start + 2);
			if (end < 0) {
				break;
			}
			if (end > start + 2) {
				names.add(text.substring(start + 2, end));
			}
			start = text.indexOf("${", end + 1);
		}
		return names;
	}

	private static void update(MessageDigest digest, String value) {
		digest.update(String.valueOf(value).getBytes(StandardCharsets.UTF_8));
		digest.update((byte) 0);
	}

	/**
	 * Find the changesets kept under the given key.
	 * @param connection a connection that may read the index table
	 * @param key the key
	 * @return the changesets, or {@code null} when none are kept or the table cannot be
	 * read
	 */
	ExpectedChangeSets find(Connection connection, Key key) {
		try {
			if (!OwnTables.exists(connection, this.tableName)) {
				return null;
			}
		}
		catch (SQLException ex) {
			logger.debug("Changelog index " + this.tableName + " not found; the changelog is parsed: "
					+ Redaction.text(ex.getMessage()));
			return null;
		}
		try (PreparedStatement statement = connection
			.prepareStatement("SELECT changesets FROM " + this.tableName + " WHERE index_key = ?")) {
			statement.setString(1, key.value());
			try (ResultSet rows = statement.executeQuery()) {
				return rows.next() ? ExpectedChangeSets.fromText(rows.getString(1)) : null;
			}
		}
		catch (SQLException | RuntimeException ex) {
			logger.debug("Changelog index " + this.tableName + " not readable; the changelog is parsed: "
					+ Redaction.text(ex.getMessage()));
			try {
				if (!connection.getAutoCommit()) {
					connection.rollback();
				}
			}
			catch (SQLException rollbackFailure) {
				ex.addSuppressed(rollbackFailure);
			}
			return null;
		}
	}

	/**
	 * Keep the changesets of a parse under the given key, unless the parse depended on
	 * something the key does not cover. Creates the table when it is missing.
	 * @param dataSource a data source that may create the table and write to it
	 * @param key the key
	 * @param recorded what the parse read
	 * @param changeSets the changesets
	 * @return whether the changesets are kept
	 */
	boolean save(DataSource dataSource, Key key, RecordingResourceAccessor recorded, ExpectedChangeSets changeSets) {
		String outside = key.outside(recorded);
		if (outside != null) {
			logger.debug("Changelog index not written: the parse read " + outside + ", outside "
					+ key.directory().pattern());
			return false;
		}
		try (Connection connection = dataSource.getConnection()) {
			connection.setAutoCommit(true);
			DatabaseDialect dialect = DatabaseDialect.of(connection);
			if (OwnTables.createIfMissing(connection, this.tableName,
					"CREATE TABLE " + this.tableName + " (index_key VARCHAR(64) NOT NULL, changesets "
							+ dialect.longTextType() + " NOT NULL, created_at " + dialect.timestampType()
							+ " NOT NULL, PRIMARY KEY (index_key))")) {
				logger.info("Created changelog index table " + this.tableName);
			}
			if (contains(connection, key)) {
				return true;
			}
			try (PreparedStatement insert = connection.prepareStatement(
					"INSERT INTO " + this.tableName + " (index_key, changesets, created_at) VALUES (?, ?, ?)")) {
				insert.setString(1, key.value());
				insert.setString(2, changeSets.toText());
				insert.setTimestamp(3, Timestamp.from(Instant.now()));
				insert.executeUpdate();
			}
			catch (SQLException insertFailure) {
				// another job wrote the same entry at the same time
				if (!contains(connection, key)) {
					throw insertFailure;
				}
			}
			return true;
		}
		catch (SQLException ex) {
			logger.warn("Changelog index " + this.tableName + " not written (applications will parse the changelog "
					+ "to check their readiness): " + Redaction.text(ex.getMessage()));
			return false;
		}
	}

	private boolean contains(Connection connection, Key key) throws SQLException {
		try (PreparedStatement statement = connection
			.prepareStatement("SELECT COUNT(*) FROM " + this.tableName + " WHERE index_key = ?")) {
			statement.setString(1, key.value());
			try (ResultSet rows = statement.executeQuery()) {
				return rows.next() && rows.getInt(1) > 0;
			}
		}
	}

	/**
	 * The key of a changelog and the files it covers.
	 *
	 * @param value the key
	 * @param directory the changelog's directory
	 * @param uris the files in it
	 */
	record Key(String value, ChangelogDirectory directory, Set<URI> uris) {

		/**
		 * What a parse read outside the files of this key, or {@code null}.
		 */
		String outside(RecordingResourceAccessor recorded) {
			for (String path : recorded.requestedPaths()) {
				if (!this.directory.contains(path)) {
					return path;
				}
			}
			for (URI uri : recorded.resources()) {
				if (!this.uris.contains(uri) && !this.directory.contains(pathOf(uri))) {
					return uri.toString();
				}
			}
			return null;
		}

		// a file that the parse looked for but that does not exist (an optional include)
		// is in none of the key's files, yet its appearance changes the key if it is in
		// the directory
		private static String pathOf(URI uri) {
			String value = uri.toString();
			int archiveEntry = value.lastIndexOf("!/");
			if (archiveEntry >= 0) {
				return value.substring(archiveEntry + 2);
			}
			return ("file".equals(uri.getScheme()) && uri.getPath() != null) ? uri.getPath() : value;
		}

	}

	/**
	 * The directory of a {@code classpath:} or {@code file:} changelog.
	 *
	 * @param prefix {@code classpath*:} or {@code file:}
	 * @param path the directory, without leading or trailing slash
	 */
	record ChangelogDirectory(String prefix, String path) {

		static ChangelogDirectory of(String changeLog) {
			String prefix;
			String location;
			if (changeLog.startsWith("classpath:")) {
				prefix = "classpath*:";
				location = changeLog.substring("classpath:".length());
			}
			else if (changeLog.startsWith("file:")) {
				prefix = "file:/";
				location = changeLog.substring("file:".length());
			}
			else {
				return null;
			}
			String path = trimSlashes(location);
			int lastSlash = path.lastIndexOf('/');
			// a changelog at the root would make its whole class path or file system its
			// directory
			return (lastSlash > 0) ? new ChangelogDirectory(prefix, path.substring(0, lastSlash)) : null;
		}

		String pattern() {
			return this.prefix + this.path + "/**";
		}

		boolean contains(String requestedPath) {
			String path = requestedPath;
			for (String prefix : new String[] { "classpath*:", "classpath:", "file:" }) {
				if (path.startsWith(prefix)) {
					path = path.substring(prefix.length());
				}
			}
			path = trimSlashes(path.replace('\\', '/'));
			return (path + "/").startsWith(this.path + "/") && !path.contains("..");
		}

		/**
		 * The files in the directory by their path relative to it (several when the class
		 * path holds the directory more than once), in a stable order.
		 */
		Map<String, byte[]> files(List<Resource> resources) throws IOException {
			Map<String, byte[]> files = new TreeMap<>();
			String marker = "/" + this.path + "/";
			for (Resource resource : resources) {
				String uri = resource.getURI().toString();
				int start = uri.lastIndexOf(marker);
				if (start < 0) {
					throw new IOException("Cannot place " + uri + " in " + pattern());
				}
				String relative = uri.substring(start + marker.length());
				try (InputStream input = resource.getInputStream()) {
					byte[] bytes = input.readAllBytes();
					String name = relative;
					for (int copy = 2; files.containsKey(name); copy++) {
						name = relative + "#" + copy;
					}
					files.put(name, bytes);
				}
			}
			return files;
		}

		Set<URI> uris(List<Resource> resources) throws IOException {
			List<URI> uris = new ArrayList<>();
			for (Resource resource : resources) {
				uris.add(resource.getURI());
			}
			return Set.copyOf(uris);
		}

		List<Resource> readable(ResourceLoader resourceLoader) throws IOException {
			List<Resource> readable = new ArrayList<>();
			for (Resource resource : new PathMatchingResourcePatternResolver(resourceLoader).getResources(pattern())) {
				if (resource.isReadable() && !resource.getURI().toString().endsWith("/")) {
					readable.add(resource);
				}
			}
			readable.sort((left, right) -> uri(left).compareTo(uri(right)));
			return readable;
		}

		private static String uri(Resource resource) {
			try {
				return resource.getURI().toString();
			}
			catch (IOException ex) {
				return resource.getDescription();
			}
		}

		private static String trimSlashes(String path) {
			int start = 0;
			int end = path.length();
			while (start < end && path.charAt(start) == '/') {
				start++;
			}
			while (end > start && path.charAt(end - 1) == '/') {
				end--;
			}
			return path.substring(start, end);
		}

	}

}
