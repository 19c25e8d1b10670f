#!/usr/bin/env bash
# Stall of the running version's queries while --migrate-only alters a table that a long transaction
# holds: a stream of `select count(*) from busy` (one client process per query, timed around it), a
# transaction that read the table and stays open for HOLD seconds, and a release that adds a column,
# once with migration.guard.lock-timeout=0 (no guard) and once with the defaults, alternating.
# Usage: docs/bench/lock-timeout.sh [hold seconds] [runs] [postgres|mariadb]; PG_URL (default
# jdbc:postgresql://127.0.0.1:5432) and MARIADB_URL (default jdbc:mariadb://127.0.0.1:3306) name servers
# where user postgres / root may create the database lock_bench.
set -euo pipefail
hold=${1:-20}
runs=${2:-1}
db=${3:-postgres}
port=0
source "$(dirname "$0")/common.sh"

if [[ $db == postgres ]]; then
	url=${PG_URL:-jdbc:postgresql://127.0.0.1:5432}
	host_port=${url#jdbc:postgresql://}
	sql() { psql -h "${host_port%:*}" -p "${host_port#*:}" -U postgres -d lock_bench -qAt "$@"; }
	psql -h "${host_port%:*}" -p "${host_port#*:}" -U postgres -qc 'drop database if exists lock_bench' \
		-c 'create database lock_bench' >/dev/null
	user=postgres
	hold_transaction() { sql -c 'begin' -c 'select count(*) from busy' -c "select pg_sleep($hold)" -c 'commit' >/dev/null; }
else
	url=${MARIADB_URL:-jdbc:mariadb://127.0.0.1:3306}
	host_port=${url#jdbc:mariadb://}
	sql() { mariadb -h "${host_port%:*}" -P "${host_port#*:}" -u root -N lock_bench "$@"; }
	mariadb -h "${host_port%:*}" -P "${host_port#*:}" -u root \
		-e 'drop database if exists lock_bench; create database lock_bench' >/dev/null
	user=root
	hold_transaction() { sql -e "start transaction; select count(*) from busy; select sleep($hold); commit" >/dev/null; }
fi

changelog() { # extra changeset id, or none
	printf '<?xml version="1.0" encoding="UTF-8"?>\n<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.liquibase.org/xml/ns/dbchangelog https://www.liquibase.org/xml/ns/dbchangelog/dbchangelog-latest.xsd">\n'
	printf '<changeSet id="base" author="bench"><sql>create table busy (id int primary key, name varchar(20)); insert into busy values (1, %s)</sql></changeSet>\n' "'one'"
	for id in "$@"; do
		printf '<changeSet id="%s" author="bench"><sql>alter table busy add column %s int</sql></changeSet>\n' "$id" "$id"
	done
	printf '</databaseChangeLog>\n'
}

args=(--spring.datasource.url="$url/lock_bench" --spring.datasource.username="$user"
	--spring.liquibase.change-log="file:$work/changelog.xml")
changelog >changelog.xml
java -jar "$jar" --migrate-only "${args[@]}" >/dev/null 2>&1

stream() { # output file; runs until the file stop exists
	local start
	while [[ ! -e stop ]]; do
		start=$(date +%s%N)
		if [[ $db == postgres ]]; then sql -c 'select count(*) from busy' >/dev/null; else sql -e 'select count(*) from busy' >/dev/null; fi
		echo $((($(date +%s%N) - start) / 1000000)) >>"$1"
	done
}

percentile() { # p, from stdin
	sort -n | awk -v p="$1" '{a[NR]=$1} END {i=int(NR*p/100); if (i<NR*p/100) i++; if (i<1) i=1; print a[i]}'
}

applied=()
measure() { # name, extra arguments
	local name=$1 start migrate_ms exit_code=0 retries
	shift
	applied+=("c_${name}_$run")
	changelog "${applied[@]}" >changelog.xml
	rm -f stop "stream.$name.$run"
	stream "stream.$name.$run" &
	local streamer=$!
	sleep 2
	hold_transaction &
	local holder=$!
	sleep 1
	start=$(now_ms)
	java -jar "$jar" --migrate-only "${args[@]}" "$@" >"migrate.$name.$run.log" 2>&1 || exit_code=$?
	migrate_ms=$(($(now_ms) - start))
	wait $holder
	sleep 2
	touch stop
	wait $streamer
	retries=$(grep -c 'hit the lock timeout' "migrate.$name.$run.log" || true)
	echo "db=$db mode=$name run=$run hold_s=$hold queries=$(wc -l <"stream.$name.$run")" \
		"max_ms=$(percentile 100 <"stream.$name.$run") p99_ms=$(percentile 99 <"stream.$name.$run")" \
		"p50_ms=$(percentile 50 <"stream.$name.$run") migrate_ms=$migrate_ms exit=$exit_code retries=$retries"
}

for ((run = 0; run < runs; run++)); do
	measure unguarded --migration.guard.lock-timeout=0
	measure guarded
done
if [[ -n ${BENCH_KEEP_LOG:-} ]]; then cp "migrate.guarded.0.log" "$BENCH_KEEP_LOG"; fi
