#!/usr/bin/env bash
# Benchmark: this build of the sample app against an earlier one, side by side, on PostgreSQL with the
# Liquibase engine, alternating the two builds run by run; prints the medians and the ratio this/earlier:
#   noop     `--migrate-only` with nothing pending (the sample's changelog), the recipes' job flags;
#   full     `--migrate-only` on a fresh database, the sample's changelog and a generated one of 100
#            changesets (each creates a table with a primary key), the job flags;
#   ready    a normal start to /actuator/health/readiness 200 with nothing pending (the sample's
#            changelog), the JVM's defaults.
# Usage: docs/bench/two-builds.sh EARLIER_JAR [RUNS]   (after ./mvnw -q package -DskipTests; build the
# earlier jar from a worktree of the earlier commit the same way)
# PGHOST/PGPORT/PGUSER (defaults 127.0.0.1, 5432, postgres, trust) an admin login; JOB_JAVA_OPTS the job's
# JVM options (default "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC").
set -euo pipefail
earlier=$(realpath "${1:?usage: two-builds.sh EARLIER_JAR [RUNS]}")
runs=${2:-5}
port=18094
# shellcheck source=common.sh
source "$(dirname "$0")/common.sh"
current=$jar
job_opts=${JOB_JAVA_OPTS-"-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"}
pg_host=${PGHOST:-127.0.0.1} pg_port=${PGPORT:-5432} pg_user=${PGUSER:-postgres}

export PGOPTIONS="-c client_min_messages=warning"
psql_admin() { psql -h "$pg_host" -p "$pg_port" -U "$pg_user" -qX "$@" postgres >/dev/null; }
fresh_database() { psql_admin -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1"; }
url() { echo "jdbc:postgresql://$pg_host:$pg_port/$1"; }
applied() { psql -h "$pg_host" -p "$pg_port" -U "$pg_user" -qXtAc "SELECT count(*) FROM databasechangelog" "$1"; }

mkdir generated
{
	echo '<?xml version="1.0" encoding="UTF-8"?>'
	echo '<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog"'
	echo '	xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
	echo '	xsi:schemaLocation="http://www.liquibase.org/xml/ns/dbchangelog https://www.liquibase.org/xml/ns/dbchangelog/dbchangelog-latest.xsd">'
	for ((i = 1; i <= 100; i++)); do
		echo "	<changeSet id=\"t$i\" author=\"bench\"><createTable tableName=\"t$i\">"
		echo "		<column name=\"id\" type=\"BIGINT\"><constraints primaryKey=\"true\"/></column>"
		echo "		<column name=\"name\" type=\"VARCHAR(100)\"/></createTable></changeSet>"
	done
	echo '</databaseChangeLog>'
} >generated/changelog.xml

database_args() { # database
	echo --spring.profiles.active=postgres --spring.datasource.url="$(url "$1")" --spring.datasource.username="$pg_user"
}

migrate() { # jar database [changelog]
	local changelog=()
	[ -n "${3:-}" ] && changelog=(--spring.liquibase.change-log="$3")
	# shellcheck disable=SC2046,SC2086
	java $job_opts -jar "$1" --migrate-only $(database_args "$2") "${changelog[@]}" >run.log 2>&1 ||
		{ echo "failed: $1 $2" >&2; tail -20 run.log >&2; exit 1; }
}

timed() { # results-file command...
	local start
	start=$(now_ms)
	"${@:2}"
	echo $(($(now_ms) - start)) >>"$1"
}

for build in current earlier; do
	fresh_database "bench_noop_${build}_$$"
	migrate "${!build}" "bench_noop_${build}_$$"
done
for ((r = 0; r < runs; r++)); do
	for build in $( ((r % 2)) && echo "earlier current" || echo "current earlier"); do
		timed "noop-$build.all" migrate "${!build}" "bench_noop_${build}_$$"
		for changelog in sample generated; do
			fresh_database "bench_full_$$"
			location=$([ $changelog = generated ] && echo "file:$work/generated/changelog.xml" || true)
			timed "full-$changelog-$build.all" migrate "${!build}" "bench_full_$$" "$location"
			applied "bench_full_$$" >>"applied-$changelog"
		done
		jar=${!build}
		# shellcheck disable=SC2046
		start_to_ready $(database_args "bench_noop_${build}_$$") >>"ready-$build.all"
	done
done
for changelog in sample generated; do
	sort -u "applied-$changelog" | wc -l | grep -qx 1 || { echo "the builds applied different changesets" >&2; exit 1; }
done

echo "| measured | earlier build | this build | this / earlier |"
echo "| --- | --- | --- | --- |"
row() { # label files-prefix
	local c e
	c=$(median <"$2-current.all") e=$(median <"$2-earlier.all")
	printf '| %s | %d ms | %d ms | **%.2f** |\n' "$1" "$e" "$c" "$(echo "$c $e" | awk '{print $1 / $2}')"
}
row 'no-op `--migrate-only`, job flags' noop
row 'full `--migrate-only`, the sample (4 changesets), job flags' full-sample
row 'full `--migrate-only`, 100 changesets, job flags' full-generated
row 'normal start to readiness 200, nothing pending' ready
for build in current earlier; do psql_admin -c "DROP DATABASE IF EXISTS bench_noop_${build}_$$"; done
psql_admin -c "DROP DATABASE IF EXISTS bench_full_$$"
echo "earlier: $(basename "$earlier"); job JVM options: ${job_opts:-none}; $runs alternating runs each (medians);" \
	"load before: $(cut -d' ' -f1-3 /proc/loadavg)"
