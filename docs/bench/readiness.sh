#!/usr/bin/env bash
# Benchmarks of the readiness check (sample app, embedded H2 file database, migrated first):
#  1. normal start to /actuator/health/readiness 200 with the starter's check, against the same app with
#     Liquibase (and so the check) disabled, for changelogs of 100, 1,000 and 10,000 changesets;
#  2. readiness endpoint throughput with and without the check (wrk, 16 connections, 10 s after a 5 s
#     warm-up, the application and wrk on a core each, 5 alternating runs).
# Usage: docs/bench/readiness.sh [RUNS]   (after ./mvnw -q package -DskipTests; needs wrk: apt-get install wrk)
# SIZES="1000" runs only some changelog sizes (SIZES="" only the throughput); BENCH_DATABASE=postgres uses PostgreSQL on 127.0.0.1:5432 (user
# postgres, no password; needs psql) with one fresh database per size instead of H2.
set -euo pipefail
runs=${1:-5}
port=18090
# shellcheck source=common.sh
source "$(dirname "$0")/common.sh"

# A changelog of N trivial changesets in a directory of its own: the directory is what the changelog
# index fingerprints, so it must not hold the database files.
changelog() { # size
	local file="$work/changelog-$1/changelog.xml"
	mkdir -p "$work/changelog-$1"
	{
		echo '<?xml version="1.0" encoding="UTF-8"?>'
		echo '<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.liquibase.org/xml/ns/dbchangelog https://www.liquibase.org/xml/ns/dbchangelog/dbchangelog-latest.xsd">'
		for i in $(seq "$1"); do echo "<changeSet id=\"bench-$i\" author=\"bench\"><sql>SELECT $i</sql></changeSet>"; done
		echo '</databaseChangeLog>'
	} >"$file"
	echo "$file"
}

database() { # size
	if [ "${BENCH_DATABASE:-h2}" = postgres ]; then
		psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS mt_bench_$1" -c "CREATE DATABASE mt_bench_$1" >&2
		echo "jdbc:postgresql://127.0.0.1:5432/mt_bench_$1?user=postgres"
	else
		echo "jdbc:h2:file:$work/db-$1;AUTO_SERVER=TRUE"
	fi
}

echo "| changesets | with the check (ms) | Liquibase disabled (ms) | ratio |"
echo "| --- | --- | --- | --- |"
for size in ${SIZES-100 1000 10000}; do
	file=$(changelog "$size")
	db=$(database "$size")
	java -jar "$jar" --migrate-only --spring.datasource.url="$db" --spring.liquibase.change-log="file:$file" \
		--spring.liquibase.show-summary=off >migrate.log 2>&1 || { cat migrate.log >&2; exit 1; }
	rm -f with.all without.all
	for _ in $(seq "$runs"); do # alternating, so that a drift in the machine's speed affects both alike
		start_to_ready --spring.datasource.url="$db" --spring.liquibase.change-log="file:$file" >>with.all
		start_to_ready --spring.datasource.url="$db" --spring.liquibase.enabled=false >>without.all
	done
	with=$(median <with.all)
	without=$(median <without.all)
	awk -v s="$size" -v w="$with" -v o="$without" 'BEGIN {printf "| %d | %d | %d | %.2f |\n", s, w, o, w / o}'
done

# The application runs on the first core and wrk on the second, so that neither takes the other's CPU
# time unevenly from one run to the next.
throughput() { # args...
	local pid rps
	taskset -c 0 java -jar "$jar" --server.port=$port "$@" >serve.log 2>&1 &
	pid=$!
	until curl -fs -o /dev/null "http://127.0.0.1:$port/actuator/health/readiness"; do sleep 0.05; done
	taskset -c 1 wrk -t1 -c16 -d5s "http://127.0.0.1:$port/actuator/health/readiness" >/dev/null # warm-up
	rps=$(taskset -c 1 wrk -t1 -c16 -d10s "http://127.0.0.1:$port/actuator/health/readiness" |
		awk '/Requests\/sec/ {print $2}')
	kill $pid
	wait $pid 2>/dev/null || true
	echo "$rps"
}

file=$(changelog 1000)
db=$(database 1000)
java -jar "$jar" --migrate-only --spring.datasource.url="$db" --spring.liquibase.change-log="file:$file" \
	--spring.liquibase.show-summary=off >migrate.log 2>&1 || { cat migrate.log >&2; exit 1; }
rm -f with.rps without.rps
for _ in 1 2 3 4 5; do # alternating, so that a drift in the machine's speed affects both alike
	throughput --spring.datasource.url="$db" --spring.liquibase.change-log="file:$file" >>with.rps
	throughput --spring.datasource.url="$db" --spring.liquibase.change-log="file:$file" \
		--migration.readiness.enabled=false >>without.rps
done
echo "with: $(tr "\n" " " <with.rps) without: $(tr "\n" " " <without.rps)" >&2
with=$(median <with.rps)
without=$(median <without.rps)
echo
echo "readiness endpoint, requests/s (median of 5): with the check $with, without $without"
awk -v w="$with" -v o="$without" 'BEGIN {printf "throughput ratio: %.3f (target >= 0.95)\n", w / o}'
