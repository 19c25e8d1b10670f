package dev.migrationstarter.testsupport;

import java.util.ArrayList;
import java.util.List;

/**
 * Drops the server databases that the tests of one JVM created when that JVM ends, so
 * that repeated runs against a long-lived server leave nothing behind.
 *
 * @author migration-starter
 */
final class CreatedDatabases {

	private static final List<Created> created = new ArrayList<>();

	private static boolean hooked;

	private CreatedDatabases() {
	}

	static synchronized void dropAtExit(DatabaseServer server, TestDatabase database) {
		if (!hooked) {
			Runtime.getRuntime().addShutdownHook(new Thread(CreatedDatabases::dropAll, "test-database-cleanup"));
			hooked = true;
		}
		created.add(new Created(server, database));
	}

	private static synchronized void dropAll() {
		for (Created database : created) {
			try {
				database.server().dropDatabase(database.database());
			}
			catch (RuntimeException ex) {
				// a database still in use by a process the test left running stays
			}
		}
	}

	private record Created(DatabaseServer server, TestDatabase database) {

	}

}
