#!/usr/bin/env bash
# Benchmark: the JVM of the migration job. `--migrate-only` with nothing pending on PostgreSQL, from the
# extracted sample jar (as in the image), with the recipes' job flags, in four variants:
#   17       Java 17 (java on the PATH), the job flags only;
#   17-cds   plus a class-data-sharing archive (-XX:SharedArchiveFile) from one training run
#            (-XX:ArchiveClassesAtExit);
#   25       Java 25 (JAVA25, default /usr/lib/jvm/temurin-25-jdk-amd64), the job flags only;
#   25-aot   plus Java 25's AOT cache (-XX:AOTCache) from one training run (-XX:AOTCacheOutput);
# against the service's normal start (Java 17, the JVM's defaults) to /actuator/health/readiness 200.
# The training runs migrate a fresh embedded H2 database, as a build stage of the image can. All six
# kinds alternate; prints the medians of wall time, CPU time (user + system) and peak RSS.
# Usage: docs/bench/job-jvm.sh [RUNS]   (after ./mvnw -q package -DskipTests)
# PGHOST/PGPORT/PGUSER (defaults 127.0.0.1, 5432, postgres, trust) name an admin login; the run creates
# and drops the database bench_job_jvm. JOB_JAVA_OPTS as in eight-migrators.sh.
set -euo pipefail
runs=${1:-7}
port=18095
# shellcheck source=common.sh
source "$(dirname "$0")/common.sh"
job_opts=${JOB_JAVA_OPTS-"-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"}
java25=${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
pg_host=${PGHOST:-127.0.0.1} pg_port=${PGPORT:-5432} pg_user=${PGUSER:-postgres}
export PGOPTIONS="-c client_min_messages=warning"
psql -h "$pg_host" -p "$pg_port" -U "$pg_user" -qX -c "DROP DATABASE IF EXISTS bench_job_jvm" \
	-c "CREATE DATABASE bench_job_jvm" postgres

java -Djarmode=tools -jar "$jar" extract --destination extracted >/dev/null
app="$work/extracted/$(basename "$jar")"
database=(--spring.profiles.active=postgres --spring.datasource.url="jdbc:postgresql://$pg_host:$pg_port/bench_job_jvm"
	--spring.datasource.username="$pg_user")

# shellcheck disable=SC2086
{
	java $job_opts -XX:ArchiveClassesAtExit="$work/app.jsa" -jar "$app" --migrate-only \
		--spring.datasource.url="jdbc:h2:file:$work/training-17" >training-17.log 2>&1
	"$java25" $job_opts -XX:AOTCacheOutput="$work/app.aot" -jar "$app" --migrate-only \
		--spring.datasource.url="jdbc:h2:file:$work/training-25" >training-25.log 2>&1
	java $job_opts -jar "$app" --migrate-only "${database[@]}" >setup.log 2>&1 # later runs find nothing to do
}

job() { # kind
	# shellcheck disable=SC2086
	case $1 in
	17) java $job_opts -jar "$app" --migrate-only "${database[@]}" ;;
	17-cds) java $job_opts -XX:SharedArchiveFile="$work/app.jsa" -jar "$app" --migrate-only "${database[@]}" ;;
	25) "$java25" $job_opts -jar "$app" --migrate-only "${database[@]}" ;;
	25-aot) "$java25" $job_opts -XX:AOTCache="$work/app.aot" -jar "$app" --migrate-only "${database[@]}" ;;
	esac
}

# Appends "wall_ms cpu_ms max_rss_kib" to KIND.all.
measure_job() { # kind
	local start end
	start=$(now_ms)
	/usr/bin/time -f '%U %S %M' -o time.out bash -c "$(declare -f job); job_opts='$job_opts' java25='$java25' \
		app='$app' work='$work' database=(${database[*]}) job $1" >job.log 2>&1 ||
		{ echo "$1 failed" >&2; tail -20 job.log >&2; exit 1; }
	end=$(now_ms)
	grep -q "nothing to do\|up to date\|exit code 0" job.log || { echo "$1 did not finish" >&2; tail job.log >&2; exit 1; }
	awk -v w=$((end - start)) '{printf "%d %d %d\n", w, ($1 + $2) * 1000, $3}' time.out >>"$1.all"
}

# The normal start: start to readiness 200, then its CPU time and peak RSS up to then.
measure_ready() {
	local start ready pid
	start=$(now_ms)
	/usr/bin/time -f '%U %S %M' -o time.out java -jar "$app" --server.port=$port "${database[@]}" >serve.log 2>&1 &
	pid=$!
	until curl -fs -o /dev/null "http://127.0.0.1:$port/actuator/health/readiness"; do
		kill -0 $pid 2>/dev/null || { echo "app died" >&2; cat serve.log >&2; exit 1; }
		sleep 0.02
	done
	ready=$(now_ms)
	pkill -P $pid java # the JVM, so that time reports it
	wait $pid 2>/dev/null || true
	tail -1 time.out | awk -v w=$((ready - start)) '{printf "%d %d %d\n", w, ($1 + $2) * 1000, $3}' >>ready.all # after a line on its exit status
}

kinds=(17 17-cds 25 25-aot ready)
for ((r = 0; r < runs; r++)); do
	for ((k = 0; k < ${#kinds[@]}; k++)); do # a rotating order, so that no kind always follows another
		kind=${kinds[$(((r + k) % ${#kinds[@]}))]}
		if [ "$kind" = ready ]; then measure_ready; else measure_job "$kind"; fi
	done
done
psql -h "$pg_host" -p "$pg_port" -U "$pg_user" -qX -c "DROP DATABASE bench_job_jvm" postgres

col() { awk -v c="$1" '{print $c}' "$2.all" | median; }
ready=$(col 1 ready)
echo "| run | JVM | wall | of the normal start | CPU | peak RSS |"
echo "| --- | --- | --- | --- | --- | --- |"
for kind in "${kinds[@]}"; do
	case $kind in
	17) label="--migrate-only, no-op | Java 17, job flags" ;;
	17-cds) label="--migrate-only, no-op | Java 17, job flags, CDS archive" ;;
	25) label="--migrate-only, no-op | Java 25, job flags" ;;
	25-aot) label="--migrate-only, no-op | Java 25, job flags, AOT cache" ;;
	ready) label="normal start to readiness 200 | Java 17, defaults" ;;
	esac
	awk -v l="$label" -v w="$(col 1 "$kind")" -v r="$ready" -v c="$(col 2 "$kind")" -v m="$(col 3 "$kind")" \
		'BEGIN {printf "| %s | %d ms | %.2f | %.2f s | %d MiB |\n", l, w, w / r, c / 1000, m / 1024}'
done
echo "medians of $runs alternating runs; job flags: ${job_opts:-none}; $(java -version 2>&1 | head -1);" \
	"$("$java25" -version 2>&1 | head -1); archive $(du -h "$work/app.jsa" | cut -f1), AOT cache $(du -h "$work/app.aot" | cut -f1)"
