package dev.migrationstarter.lock;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.Statement;

import org.springframework.jdbc.datasource.AbstractDataSource;

/**
 * A data source that hands out the one connection holding a session lock, and ignores
 * {@code close()} on it, so that a migration runs on the session that holds the lock.
 *
 * <p>
 * Once the session is lost, every later failure on it is reported as that loss: Liquibase
 * tidies up on the dead connection in {@code finally} blocks, and their "connection is
 * closed" would otherwise hide why the migration stopped.
 *
 * @author migration-starter
 */
final class SessionDataSource extends AbstractDataSource {

	private final Connection connection;

	private volatile SQLException loss;

	SessionDataSource(Connection connection) {
		this.connection = connection;
	}

	@Override
	public Connection getConnection() {
		return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
				new Class<?>[] { Connection.class }, (proxy, method, args) -> switch (method.getName()) {
					case "close" -> null;
					case "equals" -> proxy == args[0];
					case "hashCode" -> System.identityHashCode(proxy);
					case "toString" -> "session connection " + this.connection;
					default -> invoke(this.connection, method, args);
				});
	}

	// statements are where a lost session shows first, so they report it too
	private Object invoke(Object target, Method method, Object[] args) throws Throwable {
		Object result;
		try {
			result = method.invoke(target, args);
		}
		catch (InvocationTargetException ex) {
			throw (ex.getTargetException() instanceof SQLException failure) ? asLoss(failure) : ex.getTargetException();
		}
		Class<?> type = method.getReturnType();
		if (result != null && type.isInterface() && Statement.class.isAssignableFrom(type)) {
			return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type },
					(proxy, statementMethod, statementArgs) -> invoke(result, statementMethod, statementArgs));
		}
		return result;
	}

	/**
	 * Record why the session is being abandoned, so that the failures that follow report
	 * it.
	 * @param reason the cause
	 */
	void abandon(SQLException reason) {
		if (this.loss == null) {
			this.loss = reason;
		}
	}

	private SQLException asLoss(SQLException failure) throws SQLException {
		SQLException lost = this.loss;
		if (lost == null) {
			if (this.connection.isClosed()) {
				this.loss = failure;
			}
			return failure;
		}
		return (failure == lost) ? failure : new SQLNonTransientConnectionException(
				"The migration's database session was lost: " + lost.getMessage(), "08006", lost);
	}

	@Override
	public Connection getConnection(String username, String password) {
		return getConnection();
	}

}
