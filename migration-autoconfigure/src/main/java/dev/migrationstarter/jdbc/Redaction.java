package dev.migrationstarter.jdbc;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.springframework.beans.BeanWrapper;
import org.springframework.beans.PropertyAccessorFactory;
import org.springframework.jdbc.datasource.DelegatingDataSource;

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

	// user:password@host, after // in a URL or alone where a driver took it for a host
	private static final Pattern USER_INFO_PASSWORD = Pattern
		.compile("((?:^|[\\s/(\\['\"=,])[^\\s/:@?;'\"]*:)[^\\s/'\"]*@(?=[\\w\\[])");

	private static final Pattern URL_USER_INFO_PASSWORD = Pattern.compile("//[^/:@?;\\s]*:([^/\\s]*)@");

	private static final int MINIMUM_MASKED_SECRET = 4;

	private static final Pattern PASSWORD_SETTING = Pattern
		.compile("(?i)(\\b(?:password|passwd|pwd)\\s*=\\s*)(?!\\*{6})([^&;,\\s)\\]}'\"]+)");

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
	 * Describe the database of a data source as {@link #target(String)} does, from the
	 * URL it is configured with.
	 * @param dataSource the data source
	 * @return a description that is safe to log
	 */
	public static String targetOf(DataSource dataSource) {
		if (dataSource instanceof DelegatingDataSource delegating && delegating.getTargetDataSource() != null) {
			return targetOf(delegating.getTargetDataSource());
		}
		BeanWrapper wrapper = PropertyAccessorFactory.forBeanPropertyAccess(dataSource);
		for (String property : new String[] { "jdbcUrl", "url" }) {
			Object url = propertyOf(wrapper, property);
			if (url != null) {
				return target(url.toString());
			}
		}
		return "the database";
	}

	/**
	 * The passwords a data source is configured with: its password property and any
	 * password in its JDBC URL.
	 * @param dataSource the data source
	 * @return the passwords, perhaps none
	 */
	public static Set<String> secretsOf(DataSource dataSource) {
		if (dataSource instanceof DelegatingDataSource delegating && delegating.getTargetDataSource() != null) {
			return secretsOf(delegating.getTargetDataSource());
		}
		Set<String> secrets = new LinkedHashSet<>();
		BeanWrapper wrapper = PropertyAccessorFactory.forBeanPropertyAccess(dataSource);
		for (String property : new String[] { "jdbcUrl", "url", "password" }) {
			Object value = propertyOf(wrapper, property);
			if (value != null) {
				secrets.addAll(property.equals("password") ? Set.of(value.toString()) : secretsOf(value.toString()));
			}
		}
		return secrets;
	}

	private static Object propertyOf(BeanWrapper wrapper, String property) {
		try {
			return wrapper.isReadableProperty(property) ? wrapper.getPropertyValue(property) : null;
		}
		catch (RuntimeException ex) {
			// a data source that does not expose the property has nothing to tell
			return null;
		}
	}

	/**
	 * The passwords a JDBC URL carries, in any of the JDBC forms.
	 * @param jdbcUrl the JDBC URL, may be {@code null}
	 * @return the passwords, perhaps none
	 */
	public static Set<String> secretsOf(String jdbcUrl) {
		Set<String> secrets = new LinkedHashSet<>();
		if (jdbcUrl != null) {
			Matcher userInfo = URL_USER_INFO_PASSWORD.matcher(jdbcUrl);
			if (userInfo.find()) {
				secrets.add(userInfo.group(1));
			}
			Matcher setting = PASSWORD_SETTING.matcher(jdbcUrl);
			while (setting.find()) {
				secrets.add(setting.group(2));
			}
		}
		return secrets;
	}

	/**
	 * Mask every password that the text carries in one of the JDBC forms, and every
	 * occurrence of the given passwords (those shorter than four characters excepted,
	 * which would mask ordinary words).
	 * @param text the text, may be {@code null}
	 * @param secrets passwords known to the caller
	 * @return the text without passwords
	 */
	public static String text(String text, Collection<String> secrets) {
		String masked = text(text);
		if (masked == null) {
			return null;
		}
		for (String secret : secrets) {
			if (secret != null && secret.length() >= MINIMUM_MASKED_SECRET) {
				masked = masked.replace(secret, MASK);
			}
		}
		return masked;
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
