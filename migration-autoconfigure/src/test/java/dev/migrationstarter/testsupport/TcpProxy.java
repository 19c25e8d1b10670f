package dev.migrationstarter.testsupport;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A TCP proxy on loopback in front of a database server that can stop forwarding without
 * closing a socket, as a network partition or a frozen server would.
 *
 * <p>
 * While frozen it still accepts connections and reads what either side sends, but holds
 * every byte back until it is thawed, so clients see a peer that never answers.
 *
 * @author migration-starter
 */
public final class TcpProxy implements AutoCloseable {

	private static final Pattern HOST_AND_PORT = Pattern.compile("^(jdbc:[a-z]+://)([^/:?;]+)(?::(\\d+))?(.*)$");

	private final String targetHost;

	private final int targetPort;

	private final ServerSocket serverSocket;

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	private final Object lock = new Object();

	private boolean frozen;

	private TcpProxy(String targetHost, int targetPort) throws IOException {
		this.targetHost = targetHost;
		this.targetPort = targetPort;
		this.serverSocket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		daemon("tcp-proxy-accept", this::acceptLoop).start();
	}

	/**
	 * Start a proxy in front of the server of a JDBC URL.
	 * @param jdbcUrl the JDBC URL of a database on loopback
	 * @return the proxy
	 */
	public static TcpProxy inFrontOf(String jdbcUrl) {
		Matcher matcher = HOST_AND_PORT.matcher(jdbcUrl);
		if (!matcher.matches()) {
			throw new IllegalArgumentException("Cannot find host and port in " + jdbcUrl);
		}
		String host = matcher.group(2);
		int port = (matcher.group(3) != null) ? Integer.parseInt(matcher.group(3)) : defaultPort(matcher.group(1));
		try {
			return new TcpProxy(host, port);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static int defaultPort(String scheme) {
		return scheme.contains("postgresql") ? 5432 : 3306;
	}

	/**
	 * The JDBC URL with its host and port replaced by the proxy's.
	 * @param jdbcUrl the JDBC URL of the proxied server
	 * @return the URL through the proxy
	 */
	public String url(String jdbcUrl) {
		Matcher matcher = HOST_AND_PORT.matcher(jdbcUrl);
		if (!matcher.matches()) {
			throw new IllegalArgumentException("Cannot find host and port in " + jdbcUrl);
		}
		return matcher.group(1) + "127.0.0.1:" + port() + matcher.group(4);
	}

	public int port() {
		return this.serverSocket.getLocalPort();
	}

	/**
	 * Hold back every byte from now on, keeping every connection open.
	 */
	public void freeze() {
		synchronized (this.lock) {
			this.frozen = true;
		}
	}

	/**
	 * Forward again, including what was held back.
	 */
	public void thaw() {
		synchronized (this.lock) {
			this.frozen = false;
			this.lock.notifyAll();
		}
	}

	@Override
	public void close() {
		thaw();
		closeQuietly(this.serverSocket);
		this.sockets.forEach(TcpProxy::closeQuietly);
	}

	private void acceptLoop() {
		while (!this.serverSocket.isClosed()) {
			try {
				Socket client = this.serverSocket.accept();
				Socket server = new Socket();
				server.connect(new InetSocketAddress(this.targetHost, this.targetPort));
				this.sockets.add(client);
				this.sockets.add(server);
				daemon("tcp-proxy-up", () -> pump(client, server)).start();
				daemon("tcp-proxy-down", () -> pump(server, client)).start();
			}
			catch (IOException ex) {
				// closed, or the target refused one connection: the client sees it closed
			}
		}
	}

	private void pump(Socket from, Socket to) {
		byte[] buffer = new byte[16 * 1024];
		try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
			int read;
			while ((read = in.read(buffer)) >= 0) {
				awaitThawed();
				out.write(buffer, 0, read);
				out.flush();
			}
		}
		catch (IOException | InterruptedException ex) {
			// one side went away: so does the other
		}
		finally {
			closeQuietly(from);
			closeQuietly(to);
		}
	}

	private void awaitThawed() throws InterruptedException {
		synchronized (this.lock) {
			while (this.frozen) {
				this.lock.wait();
			}
		}
	}

	private static Thread daemon(String name, Runnable work) {
		Thread thread = new Thread(work, name);
		thread.setDaemon(true);
		return thread;
	}

	private static void closeQuietly(Closeable closeable) {
		try {
			closeable.close();
		}
		catch (IOException ex) {
			// nothing left to release
		}
	}

	@Override
	public String toString() {
		return "proxy 127.0.0.1:" + port() + " -> " + this.targetHost + ":" + this.targetPort;
	}

}
