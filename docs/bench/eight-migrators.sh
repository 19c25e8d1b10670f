#!/usr/bin/env bash
# Benchmark: eight `--migrate-only` processes started together on a fresh database against
# one alone on another fresh database, the same changelog (the sample app's four changesets plus one
# that sleeps 2 s, in a copy of the jar's changelog directory), alternating; prints each pair and the
# medians, in milliseconds, and the ratio.
# Usage: docs/bench/eight-migrators.sh [RUNS]   (after ./mvnw -q package -DskipTests)
# DATABASE=postgresql (the default) or DATABASE=mariadb chooses the server. PGHOST/PGPORT/PGUSER
# (defaults 127.0.0.1, 5432, postgres) or MARIADB_HOST/MARIADB_PORT/MARIADB_USER (127.0.0.1, 3306, root,
# empty password) name an admin login; each run creates and drops its own databases. JOB_JAVA_OPTS are
# the migration job's JVM options, by default the recipes' ones; set JOB_JAVA_OPTS= (empty) for the
# JVM's defaults. CDS=1 runs the jar as the Dockerfile recipe does: extracted, with a class-data-sharing
# archive from one training run. AOT=1 runs it on Java 25 (JAVA25, default
# /usr/lib/jvm/temurin-25-jdk-amd64), extracted, with the AOT cache (-XX:AOTCache) from one training run
# (-XX:AOTCacheOutput).
set -euo pipefail
runs=${1:-5}
port=0
# shellcheck source=common.sh
source "$(dirname "$0")/common.sh"
job_opts=${JOB_JAVA_OPTS-"-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"}
java=java
pg_host=${PGHOST:-127.0.0.1} pg_port=${PGPORT:-5432} pg_user=${PGUSER:-postgres}
maria_host=${MARIADB_HOST:-127.0.0.1} maria_port=${MARIADB_PORT:-3306} maria_user=${MARIADB_USER:-root}
database=${DATABASE:-postgresql}
case $database in
postgresql) sleep_sql="SELECT pg_sleep(2)" ;;
mariadb) sleep_sql="SELECT SLEEP(2)" ;;
*) echo "DATABASE must be postgresql or mariadb, not $database" >&2; exit 2 ;;
esac

# The sample's changelog directory, as the jar holds it, plus a changeset that sleeps 2 s: a changelog
# whose files all sit in its own directory, as an application's do, so the holder can leave it in the
# changelog index for the waiters
mkdir changelog
(cd changelog && jar xf "$jar" BOOT-INF/classes/db/changelog)
changelog_dir="$work/changelog/BOOT-INF/classes/db/changelog"
cat >"$changelog_dir/bench.xml" <<XML
<?xml version="1.0" encoding="UTF-8"?>
<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog"
		xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
		xsi:schemaLocation="http://www.liquibase.org/xml/ns/dbchangelog https://www.liquibase.org/xml/ns/dbchangelog/dbchangelog-latest.xsd">
	<include file="release-2.xml" relativeToChangelogFile="true"/>
	<changeSet id="bench-slow" author="bench"><sql>$sleep_sql</sql></changeSet>
</databaseChangeLog>
XML

if [[ ${CDS:-0} == 1 ]]; then
	java -Djarmode=tools -jar "$jar" extract --destination extracted >/dev/null
	jar="$work/extracted/$(basename "$jar")"
	# shellcheck disable=SC2086
	java $job_opts -XX:ArchiveClassesAtExit="$work/application.jsa" -jar "$jar" --migrate-only \
		--spring.datasource.url="jdbc:h2:file:$work/training" >training.log 2>&1
	job_opts="$job_opts -XX:SharedArchiveFile=$work/application.jsa"
elif [[ ${AOT:-0} == 1 ]]; then
	java=${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
	"$java" -Djarmode=tools -jar "$jar" extract --destination extracted >/dev/null
	jar="$work/extracted/$(basename "$jar")"
	# shellcheck disable=SC2086
	"$java" $job_opts -XX:AOTCacheOutput="$work/application.aot" -jar "$jar" --migrate-only \
		--spring.datasource.url="jdbc:h2:file:$work/training" >training.log 2>&1
	job_opts="$job_opts -XX:AOTCache=$work/application.aot"
fi

admin_sql() { # statement
	if [[ $database == mariadb ]]; then
		mariadb -h "$maria_host" -P "$maria_port" -u "$maria_user" -e "$1"
	else
		psql -h "$pg_host" -p "$pg_port" -U "$pg_user" -qc "$1" postgres
	fi
}

fresh_database() { # name
	admin_sql "DROP DATABASE IF EXISTS $1"
	admin_sql "CREATE DATABASE $1"
}

database_args() { # name
	if [[ $database == mariadb ]]; then
		echo "--spring.datasource.url=jdbc:mariadb://$maria_host:$maria_port/$1 --spring.datasource.username=$maria_user"
	else
		echo "--spring.profiles.active=postgres --spring.datasource.url=jdbc:postgresql://$pg_host:$pg_port/$1 --spring.datasource.username=$pg_user"
	fi
}

migrate() { # database, log
	# shellcheck disable=SC2086
	/usr/bin/time -f "%U %S" -o "$2.cpu" "$java" $job_opts -jar "$jar" --migrate-only $(database_args "$1") \
		--spring.liquibase.change-log="file:$changelog_dir/bench.xml" ${STARTER_ARGS:-} >"$2" 2>&1
}

cpu_seconds() { # logs...
	for log in "$@"; do cat "$log.cpu"; done | awk '{s += $1 + $2} END {printf "%.1f\n", s}'
}

for i in $(seq "$runs"); do
	fresh_database bench_one
	start=$(now_ms)
	migrate bench_one one.log
	echo $(($(now_ms) - start)) >>one.all
	fresh_database bench_eight
	start=$(now_ms)
	for m in 1 2 3 4 5 6 7 8; do migrate bench_eight "eight-$m.log" & done
	wait
	echo $(($(now_ms) - start)) >>eight.all
	grep -l "exit code 0" eight-*.log | wc -l | grep -qx 8 || { echo "a migrator failed" >&2; tail -3 eight-*.log >&2; exit 1; }
	cpu_seconds one.log >>one.cpu
	cpu_seconds eight-*.log >>eight.cpu
	echo "run $i: one $(tail -1 one.all) ms ($(tail -1 one.cpu) CPU-s), eight $(tail -1 eight.all) ms ($(tail -1 eight.cpu) CPU-s)"
done
admin_sql "DROP DATABASE bench_one"
admin_sql "DROP DATABASE bench_eight"

one=$(median <one.all)
eight=$(median <eight.all)
echo "database: $database"
echo "one migrator alone:       ${one} ms, $(median <one.cpu) CPU-s (medians of $runs; JVM options: ${job_opts:-none}; arguments added: ${STARTER_ARGS:-none})"
echo "eight migrators together: ${eight} ms, $(median <eight.cpu) CPU-s (medians of $runs)"
awk -v e="$eight" -v o="$one" 'BEGIN {printf "ratio: %.2f (target <= 3.0)\n", e / o}'
