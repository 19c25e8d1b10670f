package dev.migrationstarter.liquibase.status;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import liquibase.changelog.ChangeLogParameters;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.database.Database;
import liquibase.exception.LiquibaseException;
import liquibase.integration.spring.SpringResourceAccessor;
import liquibase.parser.ChangeLogParserFactory;

import org.springframework.core.io.ResourceLoader;

/**
 * A changelog parse announced while the application starts, handed to the first status
 * read that parses.
 *
 * <p>
 * A parse depends on the changelog, the type of database (its parameters and
 * {@code dbms}-scoped properties) and the changelog parameters, so a reader takes it only
 * for exactly that key, and parses itself otherwise. The parse is taken once, by the
 * first reader, and dropped when that reader does not take it.
 *
 * @author migration-starter
 */
public final class PreparsedChangelogs {

	private static final PreparsedChangelogs NONE = new PreparsedChangelogs(null);

	private final Key key;

	private final AtomicReference<CompletableFuture<Preparsed>> parse;

	private PreparsedChangelogs(Key key) {
		this.key = key;
		this.parse = new AtomicReference<>((key != null) ? new CompletableFuture<>() : null);
	}

	/**
	 * No parse ahead: every reader parses itself.
	 * @return the empty hand-off
	 */
	public static PreparsedChangelogs none() {
		return NONE;
	}

	/**
	 * Announce a parse that is about to run; {@link #complete(Preparsed)} hands it over.
	 * @param key what is parsed
	 * @return the hand-off
	 */
	public static PreparsedChangelogs announce(Key key) {
		return new PreparsedChangelogs(key);
	}

	/**
	 * Hand the parse over, or {@code null} when there is none; only the first call
	 * counts.
	 * @param parsed the parse
	 */
	public void complete(Preparsed parsed) {
		CompletableFuture<Preparsed> parse = this.parse.get();
		if (parse != null) {
			parse.complete(parsed);
		}
	}

	/**
	 * Take the parse of the given key, waiting for it if it is still running.
	 * @param key what to take
	 * @param databaseType the Liquibase short name of the database type to parse for
	 * @param timeout the longest to wait for a running parse
	 * @return the parse, or {@code null} when there is none for that key and database
	 * type
	 */
	Preparsed take(Key key, String databaseType, Duration timeout) {
		// a parse that the first reader did not take is never taken: do not keep it
		CompletableFuture<Preparsed> parse = this.parse.getAndSet(null);
		if (parse == null || !key.equals(this.key)) {
			return null;
		}
		try {
			Preparsed preparsed = parse.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
			return (preparsed != null && databaseType.equals(preparsed.databaseType())) ? preparsed : null;
		}
		catch (ExecutionException | TimeoutException ex) {
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

	/**
	 * Parse a changelog, remembering what the parse read.
	 * @param changeLog the changelog location
	 * @param userParameters the changelog parameters
	 * @param resourceLoader loads the changelog
	 * @param database the database to parse for (its type sets {@code dbms}-scoped
	 * properties), or {@code null} for none
	 * @return the parse
	 * @throws LiquibaseException if the changelog cannot be parsed
	 */
	public static Preparsed parse(String changeLog, Map<String, String> userParameters, ResourceLoader resourceLoader,
			Database database) throws LiquibaseException {
		ChangeLogParameters parameters = (database != null) ? new ChangeLogParameters(database)
				: new ChangeLogParameters();
		if (userParameters != null) {
			userParameters.forEach(parameters::set);
		}
		RecordingResourceAccessor resourceAccessor = new RecordingResourceAccessor(
				new SpringResourceAccessor(resourceLoader));
		DatabaseChangeLog parsed = resourceAccessor.callInScope(() -> ChangeLogParserFactory.getInstance()
			.getParser(changeLog, resourceAccessor)
			.parse(changeLog, parameters, resourceAccessor));
		return new Preparsed((database != null) ? database.getShortName() : null, parsed, resourceAccessor);
	}

	/**
	 * A changelog parsed for one type of database.
	 *
	 * @param databaseType the Liquibase short name of the database type
	 * @param changeLog the parsed changelog
	 * @param resourceAccessor what the parse read, and reads on
	 */
	public record Preparsed(String databaseType, DatabaseChangeLog changeLog,
			RecordingResourceAccessor resourceAccessor) {

	}

	/**
	 * What a parse depends on besides the type of database.
	 *
	 * @param changeLog the changelog location, as configured
	 * @param parameters the changelog parameters
	 */
	public record Key(String changeLog, Map<String, String> parameters) {

		public Key {
			parameters = (parameters != null) ? Map.copyOf(parameters) : Map.of();
		}

	}

}
