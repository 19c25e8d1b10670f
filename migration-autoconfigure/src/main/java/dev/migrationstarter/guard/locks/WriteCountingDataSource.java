package dev.migrationstarter.guard.locks;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * Counts the statements that completed on the migration session and may have changed
 * something, so that a changeset whose first such statement hit the lock timeout is known
 * to have applied nothing, even where DDL is not transactional.
 *
 * @author migration-starter
 */
public final class WriteCountingDataSource extends DelegatingDataSource {

	private final AtomicInteger writes = new AtomicInteger();

	public WriteCountingDataSource(DataSource session) {
		super(session);
	}

	public void reset() {
		this.writes.set(0);
	}

	public int writes() {
		return this.writes.get();
	}

	@Override
	public Connection getConnection() throws SQLException {
		return (Connection) counting(super.getConnection(), Connection.class);
	}

	@Override
	public Connection getConnection(String username, String password) throws SQLException {
		return (Connection) counting(super.getConnection(username, password), Connection.class);
	}

	private Object counting(Object target, Class<?> type) {
		return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type },
				(proxy, method, args) -> switch (method.getName()) {
					case "equals" -> proxy == args[0];
					case "hashCode" -> System.identityHashCode(proxy);
					default -> invoke(target, method, args);
				});
	}

	private Object invoke(Object target, Method method, Object[] args) throws Throwable {
		Object result;
		try {
			result = method.invoke(target, args);
		}
		catch (InvocationTargetException ex) {
			throw ex.getTargetException();
		}
		if (target instanceof Statement && isWrite(method.getName(), result)) {
			this.writes.incrementAndGet();
		}
		Class<?> type = method.getReturnType();
		if (result != null && type.isInterface() && Statement.class.isAssignableFrom(type)) {
			return counting(result, type);
		}
		return result;
	}

	// execute() answers true when the statement returned rows: a query
	private static boolean isWrite(String method, Object result) {
		return switch (method) {
			case "execute" -> Boolean.FALSE.equals(result);
			case "executeUpdate", "executeLargeUpdate", "executeBatch", "executeLargeBatch" -> true;
			default -> false;
		};
	}

}
