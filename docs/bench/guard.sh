#!/usr/bin/env bash
# Cost of the zero-downtime guard: --migration-status over N pending changesets (addColumn on a
# table release 1 created) on PostgreSQL, with migration.guard.policy=off and =refuse alternating,
# and the guard's own time as it logs it ("Zero-downtime guard judged N changeset(s) ... in X ms"),
# which a loaded machine disturbs less than the difference of two process timings.
# Usage: docs/bench/guard.sh [changesets] [runs]; PG_URL (default jdbc:postgresql://127.0.0.1:5432)
# names a server where user postgres may create the database guard_bench.
set -euo pipefail
changesets=${1:-1000}
runs=${2:-5}
port=0
source "$(dirname "$0")/common.sh"
pg=${PG_URL:-jdbc:postgresql://127.0.0.1:5432}
host_port=${pg#jdbc:postgresql://}
psql -h "${host_port%:*}" -p "${host_port#*:}" -U postgres -qc 'drop database if exists guard_bench' \
	-c 'create database guard_bench' >/dev/null

changelog() { # changesets
	printf '<?xml version="1.0" encoding="UTF-8"?>\n<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.liquibase.org/xml/ns/dbchangelog https://www.liquibase.org/xml/ns/dbchangelog/dbchangelog-latest.xsd">\n'
	printf '<changeSet id="base" author="bench"><createTable tableName="wide"><column name="id" type="INT"/></createTable></changeSet>\n'
	for ((i = 0; i < $1; i++)); do
		printf '<changeSet id="c%d" author="bench"><addColumn tableName="wide"><column name="c%d" type="INT"/></addColumn></changeSet>\n' "$i" "$i"
	done
	printf '</databaseChangeLog>\n'
}

args=(--spring.datasource.url="$pg/guard_bench" --spring.datasource.username=postgres
	--spring.liquibase.change-log="file:$work/changelog.xml")
changelog 0 >changelog.xml
java -jar "$jar" --migrate-only "${args[@]}" >/dev/null 2>&1
changelog "$changesets" >changelog.xml

status_ms() { # policy
	local start
	start=$(now_ms)
	java -jar "$jar" --migration-status "${args[@]}" --migration.guard.policy="$1" >status.out 2>status.err || true
	echo $(($(now_ms) - start))
}

for ((run = 0; run < runs; run++)); do
	status_ms off >>off.ms
	status_ms refuse >>refuse.ms
	grep -ho "Zero-downtime guard judged $changesets changeset(s) .* in [0-9]* ms" status.out status.err |
		sed 's/.* in \([0-9]*\) ms/\1/' >>guard.ms || { echo "the guard did not run" >&2; cat status.out status.err >&2; exit 1; }
done
off=$(median <off.ms)
refuse=$(median <refuse.ms)
echo "changesets=$changesets runs=$runs status_off_ms=$off status_guard_ms=$refuse" \
	"guard_cost_ms=$((refuse - off)) guard_logged_ms=$(median <guard.ms)"
