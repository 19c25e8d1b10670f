#!/usr/bin/env bash
# Benchmark: process start to /actuator/health/readiness 200 with nothing pending, on PostgreSQL, for
# changelogs of 100, 1,000 and 10,000 trivial changesets, of the sample app in three forms:
#   stock     without the starter: Spring Boot's own Liquibase auto-configuration, which runs
#             Liquibase's update at start-up (nothing to apply) before the application is ready;
#   starter   the sample as built: Liquibase's update does not run, the readiness check reads the
#             status (from the changelog index);
#   disabled  the sample with --spring.liquibase.enabled=false: no Liquibase at all.
# All three run the same classes from the extracted sample jar with `java -cp` and the JVM's defaults;
# "stock" leaves the starter's two jars (migration-starter, migration-autoconfigure) off the class path,
# which is all that separates a Boot application with Liquibase from one with the starter. The three
# alternate, in a rotating order; each size has its own fresh database, migrated once by --migrate-only.
# Prints a table of medians; with OUT set, also appends them to that CSV file (docs/bench/chart.py draws
# it; the "recorded" column of its first row names the date, commit and machine).
# Usage: docs/bench/ready-vs-stock.sh [RUNS]   (after ./mvnw -q package -DskipTests)
# SIZES (default "100 1000 10000"); PGHOST/PGPORT/PGUSER (defaults 127.0.0.1, 5432, postgres, trust).
set -euo pipefail
runs=${1:-5}
port=18097
# shellcheck source=common.sh
source "$(dirname "$0")/common.sh"
pg_host=${PGHOST:-127.0.0.1} pg_port=${PGPORT:-5432} pg_user=${PGUSER:-postgres}
export PGOPTIONS="-c client_min_messages=warning"

java -Djarmode=tools -jar "$jar" extract --destination extracted >/dev/null
mkdir classes && (cd classes && unzip -q "$work/extracted/$(basename "$jar")" -x 'META-INF/MANIFEST.MF')
main=$(unzip -p "$jar" META-INF/MANIFEST.MF | sed -n 's/^Start-Class: *\([^[:space:]]*\).*/\1/p')
with_starter="$work/classes:$(find "$work/extracted/lib" -name '*.jar' | sort | paste -sd:)"
without_starter="$work/classes:$(find "$work/extracted/lib" -name '*.jar' ! -name 'migration-*' | sort | paste -sd:)"

changelog() { # size: N trivial changesets in a directory of their own (what the changelog index keys on)
	mkdir -p "changelog-$1"
	{
		echo '<?xml version="1.0" encoding="UTF-8"?>'
		echo '<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.liquibase.org/xml/ns/dbchangelog https://www.liquibase.org/xml/ns/dbchangelog/dbchangelog-latest.xsd">'
		for ((i = 1; i <= $1; i++)); do echo "<changeSet id=\"bench-$i\" author=\"bench\"><sql>SELECT $i</sql></changeSet>"; done
		echo '</databaseChangeLog>'
	} >"changelog-$1/changelog.xml"
}

ready() { # classpath args...: milliseconds from process start to readiness 200
	local start pid classpath=$1
	shift
	start=$(now_ms)
	java -cp "$classpath" "$main" --server.port=$port "$@" >serve.log 2>&1 &
	pid=$!
	until curl -fs -o /dev/null "http://127.0.0.1:$port/actuator/health/readiness"; do
		kill -0 $pid 2>/dev/null || { echo "app died" >&2; tail -30 serve.log >&2; exit 1; }
		sleep 0.02
	done
	echo $(($(now_ms) - start))
	kill $pid
	wait $pid 2>/dev/null || true
}

echo "| changesets | stock Boot, migrate on start-up | starter | Liquibase disabled | stock / disabled | starter / disabled |"
echo "| --- | --- | --- | --- | --- | --- |"
kinds=(stock starter disabled)
for size in ${SIZES:-100 1000 10000}; do
	changelog "$size"
	psql -h "$pg_host" -p "$pg_port" -U "$pg_user" -qX -c "DROP DATABASE IF EXISTS bench_ready_$size" \
		-c "CREATE DATABASE bench_ready_$size" postgres
	args=(--spring.profiles.active=postgres --spring.datasource.url="jdbc:postgresql://$pg_host:$pg_port/bench_ready_$size"
		--spring.datasource.username="$pg_user" --spring.liquibase.change-log="file:$work/changelog-$size/changelog.xml")
	java -cp "$with_starter" "$main" --migrate-only "${args[@]}" --spring.liquibase.show-summary=off >migrate.log 2>&1 ||
		{ tail -30 migrate.log >&2; exit 1; }
	rm -f ./*.all
	for ((r = 0; r < runs; r++)); do
		for ((k = 0; k < 3; k++)); do
			case ${kinds[$(((r + k) % 3))]} in
			stock) ready "$without_starter" "${args[@]}" >>stock.all ;;
			starter) ready "$with_starter" "${args[@]}" >>starter.all ;;
			disabled) ready "$with_starter" "${args[@]}" --spring.liquibase.enabled=false >>disabled.all ;;
			esac
		done
	done
	s=$(median <stock.all) t=$(median <starter.all) d=$(median <disabled.all)
	awk -v n="$size" -v s="$s" -v t="$t" -v d="$d" \
		'BEGIN {printf "| %d | %d ms | %d ms | %d ms | %.2f | %.2f |\n", n, s, t, d, s / d, t / d}'
	if [ -n "${OUT:-}" ]; then
		[ -s "$OUT" ] || echo "changesets,stock_ms,starter_ms,disabled_ms,recorded" >"$OUT"
		echo "$size,$s,$t,$d," >>"$OUT"
	fi
	psql -h "$pg_host" -p "$pg_port" -U "$pg_user" -qX -c "DROP DATABASE bench_ready_$size" postgres
done
echo "medians of $runs alternating runs; load before the last size: $(cut -d' ' -f1-3 /proc/loadavg)"
