package dev.migrationstarter.lock;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;

import org.springframework.jdbc.datasource.AbstractDataSource;

/**
 * A data source that hands out the one connection holding a session lock, and ignores
 * {@code close()} on it, so that a migration runs on the session that holds the lock.
 *
 * @author migration-starter
 */
final class SessionDataSource extends AbstractDataSource {

	private final Connection connection;

	SessionDataSource(Connection connection) {
		this.connection = connection;
	}

	@Override
	public Connection getConnection() {
		return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
				new Class<?>[] { Connection.class }, (proxy, method, args) -> {
					switch (method.getName()) {
						case "close":
							return null;
						case "equals":
							return proxy == args[0];
						case "hashCode":
							return System.identityHashCode(proxy);
						case "toString":
							return "session connection " + this.connection;
						default:
							try {
								return method.invoke(this.connection, args);
							}
							catch (InvocationTargetException ex) {
								throw ex.getTargetException();
							}
					}
				});
	}

	@Override
	public Connection getConnection(String username, String password) {
		return getConnection();
	}

}
