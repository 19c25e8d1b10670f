#!/usr/bin/env bash
# Benchmark: `--migrate-only` with nothing pending (process start to exit) against a normal start of
# the same jar (process start to /actuator/health/readiness answering 200), on the sample app's
# embedded H2 file database. Prints the median of RUNS runs of each, in milliseconds.
# Usage: docs/bench/startup.sh [RUNS]   (after ./mvnw -q package -DskipTests)
# BENCH_ARGS adds application arguments to every run, e.g. another database:
#   BENCH_ARGS="--spring.profiles.active=postgres --spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/bench"
# MIGRATE_JAVA_OPTS adds JVM options to the --migrate-only runs only (e.g. the job-tuned
# "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"); the normal start always runs with the defaults.
set -euo pipefail
runs=${1:-7}
port=18080
# shellcheck source=common.sh
source "$(dirname "$0")/common.sh"

# shellcheck disable=SC2086
java -jar "$jar" --migrate-only ${BENCH_ARGS:-} >/dev/null 2>&1 # apply the changelog once: later runs find nothing to do

migrate_only() {
	local start
	start=$(now_ms)
	# shellcheck disable=SC2086
	java ${MIGRATE_JAVA_OPTS:-} -jar "$jar" --migrate-only ${BENCH_ARGS:-} >migrate.log 2>&1
	echo $(($(now_ms) - start))
}

# the two kinds of run alternate, so that a drift in the machine's speed affects both alike
for _ in $(seq "$runs"); do
	migrate_only >>migrate-only.all
	# shellcheck disable=SC2086
	start_to_ready ${BENCH_ARGS:-} >>ready.all
done
median <migrate-only.all >migrate-only.ms
median <ready.all >ready.ms

m=$(cat migrate-only.ms)
r=$(cat ready.ms)
echo "migrate-only (nothing pending), start to exit: ${m} ms (median of $runs; JVM options: ${MIGRATE_JAVA_OPTS:-none})"
echo "normal start, start to readiness 200:          ${r} ms (median of $runs)"
awk -v m="$m" -v r="$r" 'BEGIN {printf "ratio: %.2f (target <= 0.60)\n", m / r}'
