package dev.migrationstarter.lock;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;

/**
 * Names the process that takes a lock: host, process id and a random token, so that two
 * processes never take each other's lock record for their own, on one host or many.
 *
 * @author migration-starter
 */
final class LockOwner {

	private LockOwner() {
	}

	static String next() {
		String owner = host() + " pid " + ProcessHandle.current().pid() + " token "
				+ UUID.randomUUID().toString().substring(0, 8);
		return (owner.length() > 255) ? owner.substring(owner.length() - 255) : owner;
	}

	private static String host() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			return "unknown-host";
		}
	}

}
