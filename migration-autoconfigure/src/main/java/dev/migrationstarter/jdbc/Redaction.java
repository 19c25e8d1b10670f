package dev.migrationstarter.jdbc;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes passwords from JDBC URLs and from any text about a connection, such as a
 * driver's or a pool's message that quotes the URL.
 *
 * <p>
 * It knows the forms a JDBC URL carries a password in: user info
 * ({@code //user:password@host}), a query parameter ({@code ?password=...},
 * {@code &pwd=...}) and a driver property ({@code ;password=...}), in any letter case.
 *
 * @author migration-starter
 */
public final class Redaction {

	/**
	 * What a removed password is replaced with.
	 */
	public static final String MASK = "******";

	private static final Pattern USER_INFO = Pattern.compile("//[^/@?;\\s]*@");

	private static final Pattern USER_INFO_PASSWORD = Pattern.compile("(//[^/:@?;\\s]*:)[^/\\s]*@");

	private static final Pattern PASSWORD_SETTING = Pattern
		.compile("(?i)(\\b(?:password|passwd|pwd)\\s*=\\s*)(?!\\*{6})[^&;,\\s)\\]}'\"]+");

	private Redaction() {
	}

	/**
	 * Reduce a JDBC URL to its driver, host, port and database: user info, query
	 * parameters and driver properties are dropped, since any of them may carry a
	 * password.
	 * @param jdbcUrl the JDBC URL, may be {@code null}
	 * @return a description that is safe to log
	 */
	public static String target(String jdbcUrl) {
		if (jdbcUrl == null || jdbcUrl.isBlank()) {
			return "unknown database";
		}
		String withoutUserInfo = USER_INFO.matcher(jdbcUrl.strip()).replaceFirst("//");
		int end = withoutUserInfo.length();
		for (char separator : new char[] { '?', ';', '&' }) {
			int index = withoutUserInfo.indexOf(separator);
			if (index >= 0) {
				end = Math.min(end, index);
			}
		}
		return withoutUserInfo.substring(0, end);
	}

	/**
	 * Mask every password that the text carries in one of the JDBC forms, leaving the
	 * rest of the text as it is.
	 * @param text the text, may be {@code null}
	 * @return the text without passwords
	 */
	public static String text(String text) {
		if (text == null || text.isEmpty()) {
			return text;
		}
		String masked = USER_INFO_PASSWORD.matcher(text)
			.replaceAll((match) -> Matcher.quoteReplacement(match.group(1) + MASK + "@"));
		return PASSWORD_SETTING.matcher(masked).replaceAll((match) -> Matcher.quoteReplacement(match.group(1) + MASK));
	}

}
