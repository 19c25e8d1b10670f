package dev.migrationstarter.liquibase.status;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import liquibase.Scope;
import liquibase.exception.ChangeLogParseException;
import liquibase.exception.LiquibaseException;
import liquibase.resource.OpenOptions;
import liquibase.resource.Resource;
import liquibase.resource.ResourceAccessor;

/**
 * A {@link ResourceAccessor} that remembers every path a parse asked for and every
 * resource it was given, including the ones it resolved from another, so that the
 * {@link ChangelogIndex} can tell whether a changelog depends on anything outside its own
 * directory.
 *
 * @author migration-starter
 */
public final class RecordingResourceAccessor implements ResourceAccessor {

	private final ResourceAccessor delegate;

	private final Set<String> requestedPaths = ConcurrentHashMap.newKeySet();

	private final Set<URI> resources = ConcurrentHashMap.newKeySet();

	RecordingResourceAccessor(ResourceAccessor delegate) {
		this.delegate = delegate;
	}

	@Override
	public List<Resource> search(String path, boolean recursive) throws IOException {
		this.requestedPaths.add(path);
		return record(this.delegate.search(path, recursive));
	}

	@Override
	public List<Resource> search(String path, SearchOptions searchOptions) throws IOException {
		this.requestedPaths.add(path);
		return record(this.delegate.search(path, searchOptions));
	}

	@Override
	public List<Resource> getAll(String path) throws IOException {
		this.requestedPaths.add(path);
		return record(this.delegate.getAll(path));
	}

	@Override
	public List<String> describeLocations() {
		return this.delegate.describeLocations();
	}

	@Override
	public void close() throws Exception {
		this.delegate.close();
	}

	/**
	 * Run work in a Liquibase scope whose resource accessor is this one, as Liquibase's
	 * own commands do, so that whatever the work opens through the scope (a parse, or a
	 * {@code sqlFile} or {@code loadData} change computing its checksum) is recorded too.
	 * @param <T> the type of the result
	 * @param work the work
	 * @return its result
	 * @throws LiquibaseException if the work fails with one
	 */
	public <T> T callInScope(Scope.ScopedRunnerWithReturn<T> work) throws LiquibaseException {
		try {
			return Scope.child(Map.<String, Object>of(Scope.Attr.resourceAccessor.name(), this), work);
		}
		catch (LiquibaseException | RuntimeException ex) {
			throw ex;
		}
		catch (Exception ex) {
			throw new ChangeLogParseException(ex.getMessage(), ex);
		}
	}

	Set<String> requestedPaths() {
		return Set.copyOf(this.requestedPaths);
	}

	Set<URI> resources() {
		return Set.copyOf(this.resources);
	}

	private List<Resource> record(List<Resource> found) {
		return (found != null) ? found.stream().map(this::record).toList() : null;
	}

	private Resource record(Resource resource) {
		if (resource == null) {
			return null;
		}
		this.resources.add(resource.getUri());
		return new RecordedResource(resource);
	}

	private final class RecordedResource implements Resource {

		private final Resource delegate;

		RecordedResource(Resource delegate) {
			this.delegate = delegate;
		}

		@Override
		public String getPath() {
			return this.delegate.getPath();
		}

		@Override
		public InputStream openInputStream() throws IOException {
			return this.delegate.openInputStream();
		}

		@Override
		public boolean isWritable() {
			return this.delegate.isWritable();
		}

		@Override
		public boolean exists() {
			return this.delegate.exists();
		}

		@Override
		public Resource resolve(String other) {
			return record(this.delegate.resolve(other));
		}

		@Override
		public Resource resolveSibling(String other) {
			return record(this.delegate.resolveSibling(other));
		}

		@Override
		public OutputStream openOutputStream(OpenOptions openOptions) throws IOException {
			return this.delegate.openOutputStream(openOptions);
		}

		@Override
		public URI getUri() {
			return this.delegate.getUri();
		}

		@Override
		public boolean equals(Object other) {
			return other instanceof RecordedResource recorded && this.delegate.equals(recorded.delegate);
		}

		@Override
		public int hashCode() {
			return this.delegate.hashCode();
		}

		@Override
		public String toString() {
			return this.delegate.toString();
		}

	}

}
