package dev.migrationstarter.guard.locks;

import java.time.Duration;

import dev.migrationstarter.core.Durations;
import dev.migrationstarter.jdbc.Redaction;

/**
 * A database session whose transaction holds, or may hold, a lock that a changeset waits
 * for.
 *
 * @param id the session's id on its server: PostgreSQL's pid, MariaDB's connection id
 * @param user the login and client, as far as the server tells
 * @param state what the session does, such as {@code idle in transaction}
 * @param transactionAge how long its transaction has been open, or {@code null} if not
 * known
 * @param query its current or last query
 * @author migration-starter
 */
public record BlockingSession(String id, String user, String state, Duration transactionAge, String query) {

	private static final int LONGEST_QUERY = 120;

	/**
	 * One line that names the session for an operator.
	 * @param idName what the server calls the id, such as {@code pid}
	 * @return the line
	 */
	public String describe(String idName) {
		StringBuilder line = new StringBuilder(idName).append(' ').append(this.id);
		if (this.user != null && !this.user.isBlank()) {
			line.append(" (").append(this.user).append(')');
		}
		if (this.transactionAge != null) {
			line.append(", transaction open for ").append(Durations.format(this.transactionAge));
		}
		if (this.state != null && !this.state.isBlank()) {
			line.append(", ").append(this.state);
		}
		if (this.query != null && !this.query.isBlank()) {
			line.append(", query: ").append(truncated(this.query));
		}
		return line.toString();
	}

	private static String truncated(String query) {
		String single = Redaction.text(query.strip().replaceAll("\\s+", " "));
		return (single.length() > LONGEST_QUERY) ? single.substring(0, LONGEST_QUERY) + "..." : single;
	}

}
