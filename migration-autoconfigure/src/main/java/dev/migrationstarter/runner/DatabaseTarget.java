package dev.migrationstarter.runner;

import java.util.regex.Pattern;

/**
 * Describes a database for logs without leaking credentials.
 *
 * @author migration-starter
 */
public final class DatabaseTarget {

	private static final Pattern USER_INFO = Pattern.compile("//[^/@?;]*@");

	private DatabaseTarget() {
	}

	/**
	 * Reduce a JDBC URL to its driver, host, port and database: user info, query
	 * parameters and driver properties are dropped, since any of them may carry a
	 * password.
	 * @param jdbcUrl the JDBC URL, may be {@code null}
	 * @return a description that is safe to log
	 */
	public static String redact(String jdbcUrl) {
		if (jdbcUrl == null || jdbcUrl.isBlank()) {
			return "unknown database";
		}
		String withoutUserInfo = USER_INFO.matcher(jdbcUrl).replaceFirst("//");
		int end = withoutUserInfo.length();
		for (char separator : new char[] { '?', ';', '&' }) {
			int index = withoutUserInfo.indexOf(separator);
			if (index >= 0) {
				end = Math.min(end, index);
			}
		}
		return withoutUserInfo.substring(0, end);
	}

}
