#!/usr/bin/env bash
# Benchmark: the sample's Flyway twin (profile `flyway`) on PostgreSQL, three ratios measured side by side,
# alternating, medians of RUNS:
#   full     `--migrate-only` against Flyway's own Java API (`Flyway.configure()...migrate()` in a plain
#            main class compiled here, the same jars: those of the extracted sample jar), each on a fresh
#            database, with the recipes' job flags; for the sample's own four migrations and for N
#            generated ones (MIGRATIONS, default "sample 100 1000");
#   noop     `--migrate-only` with nothing pending against the same app's normal start to ready;
#   ready    the normal start to ready with the starter's readiness check against the same app with
#            Flyway disabled (`--spring.flyway.enabled=false`: no Flyway bean, so no check), and with
#            Flyway on but the check off (`--migration.readiness.enabled=false`), to tell the two apart.
# Usage: docs/bench/flyway.sh [RUNS]   (after ./mvnw -q package -DskipTests)
# PGHOST/PGPORT/PGUSER (defaults 127.0.0.1, 5432, postgres, trust) an admin login; JOB_JAVA_OPTS the job's
# JVM options (default the recipes' "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"). CDS=1 gives the job and the
# plain JVM a class-data sharing archive each, as the Dockerfile recipe gives the job: one training run of
# each (a full migration of 10 generated migrations on a fresh database) with -XX:ArchiveClassesAtExit,
# then every job run with -XX:SharedArchiveFile.
set -euo pipefail
runs=${1:-5}
port=18093
# shellcheck source=common.sh
source "$(dirname "$0")/common.sh"
job_opts=${JOB_JAVA_OPTS-"-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"}
pg_host=${PGHOST:-127.0.0.1} pg_port=${PGPORT:-5432} pg_user=${PGUSER:-postgres}

java -Djarmode=tools -jar "$jar" extract --destination extracted >/dev/null
app="$work/extracted/$(basename "$jar")"
flyway_version=$(find extracted/lib -name 'flyway-core-*.jar' | sed 's/.*flyway-core-\(.*\)\.jar/\1/')
classpath="$work/extracted/lib/*"

mkdir api
cat >api/Migrate.java <<'JAVA'
import org.flywaydb.core.Flyway;

public class Migrate {

	public static void main(String[] args) {
		Flyway.configure().dataSource(args[0], args[1], "").locations(args[2]).load().migrate();
	}

}
JAVA
javac -cp "$classpath" -d api api/Migrate.java
# a jar, since a class-data sharing archive takes no directory on the class path
jar cf api.jar -C api Migrate.class

# The sample's migrations, copied out of the jar so that both tools read the same files.
mkdir -p migrations-sample
unzip -q -j "$app" 'BOOT-INF/classes/db/migration/*/*.sql' -d migrations-sample 2>/dev/null ||
	cp "$root"/sample-app/src/main/resources/db/migration/*/*.sql migrations-sample/
generated() { # migrations
	mkdir -p "migrations-$1"
	for ((i = 1; i <= $1; i++)); do
		echo "CREATE TABLE t$i (id BIGINT PRIMARY KEY, name VARCHAR(100));" >"migrations-$1/V${i}__create_t$i.sql"
	done
}

export PGOPTIONS="-c client_min_messages=warning"
psql_admin() { psql -h "$pg_host" -p "$pg_port" -U "$pg_user" -qX "$@" postgres >/dev/null; }
fresh_database() { psql_admin -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1"; }
url() { echo "jdbc:postgresql://$pg_host:$pg_port/$1"; }
applied() { psql -h "$pg_host" -p "$pg_port" -U "$pg_user" -qXtAc "SELECT count(*) FROM flyway_schema_history WHERE success" "$1"; }

run_tool() { # tool migrations database log
	local job_opts=$job_opts
	if [ "${training:-0}" = 1 ]; then
		job_opts="$job_opts -XX:ArchiveClassesAtExit=$work/$1.jsa"
	elif [ "${CDS:-0}" = 1 ]; then
		job_opts="$job_opts -XX:SharedArchiveFile=$work/$1.jsa"
	fi
	# shellcheck disable=SC2086
	case $1 in
	api) java $job_opts -cp "$classpath:$work/api.jar" Migrate "$(url "$3")" "$pg_user" "filesystem:$work/migrations-$2" ;;
	starter) java $job_opts -jar "$app" --migrate-only --spring.profiles.active=flyway \
		--spring.datasource.url="$(url "$3")" --spring.datasource.username="$pg_user" \
		--spring.flyway.locations="filesystem:$work/migrations-$2" ;;
	esac >"$4" 2>&1
}

timed() { # results-file command...
	local start
	start=$(now_ms)
	"${@:2}" || { echo "failed: ${*:2}" >&2; tail -20 run.log >&2; exit 1; }
	echo $(($(now_ms) - start)) >>"$1"
}

if [ "${CDS:-0}" = 1 ]; then
	generated 10
	for tool in api starter; do
		fresh_database bench_flyway_$$
		training=1 run_tool "$tool" 10 bench_flyway_$$ "train-$tool.log" || { tail -20 "train-$tool.log" >&2; exit 1; }
	done
fi

echo "| measured | starter | against | ratio | target |"
echo "| --- | --- | --- | --- | --- |"
for migrations in ${MIGRATIONS:-sample 100 1000}; do
	[ "$migrations" = sample ] || generated "$migrations"
	for ((r = 0; r < runs; r++)); do
		for tool in $( ((r % 2)) && echo "api starter" || echo "starter api"); do
			fresh_database bench_flyway_$$
			timed "full-$tool-$migrations.all" run_tool "$tool" "$migrations" bench_flyway_$$ run.log
			applied bench_flyway_$$ >>"applied-$migrations"
		done
	done
	sort -u "applied-$migrations" | wc -l | grep -qx 1 || { echo "the tools applied different migrations" >&2; exit 1; }
	s=$(median <"full-starter-$migrations.all") a=$(median <"full-api-$migrations.all")
	printf '| full migration, %s migrations | %d ms | Flyway Java API %d ms | **%.2f** | at most 1.10 |\n' \
		"$migrations" "$s" "$a" "$(echo "$s $a" | awk '{print $1 / $2}')"
done

fresh_database bench_flyway_$$
run_tool starter sample bench_flyway_$$ setup.log
serve_args=(--spring.profiles.active=flyway --spring.datasource.url="$(url bench_flyway_$$)"
	--spring.datasource.username="$pg_user" --spring.flyway.locations="filesystem:$work/migrations-sample")
for ((r = 0; r < runs; r++)); do
	# shellcheck disable=SC2086
	timed noop-job.all java $job_opts $([ "${CDS:-0}" = 1 ] && echo "-XX:SharedArchiveFile=$work/starter.jsa") \
		-jar "$app" --migrate-only "${serve_args[@]}" >noop.log 2>&1
	start_to_ready "${serve_args[@]}" >>ready-check.all
	start_to_ready "${serve_args[@]}" --spring.flyway.enabled=false >>ready-disabled.all
	start_to_ready "${serve_args[@]}" --migration.readiness.enabled=false >>ready-unchecked.all
done
j=$(median <noop-job.all) c=$(median <ready-check.all) d=$(median <ready-disabled.all)
printf '| no-op `--migrate-only` | %d ms | normal start to ready %d ms | **%.2f** | at most 0.60 |\n' \
	"$j" "$c" "$(echo "$j $c" | awk '{print $1 / $2}')"
printf '| start to ready, readiness check on | %d ms | Flyway disabled %d ms | **%.2f** | at most 1.05 |\n' \
	"$c" "$d" "$(echo "$c $d" | awk '{print $1 / $2}')"
u=$(median <ready-unchecked.all)
printf '| start to ready, Flyway on, readiness check off | %d ms | Flyway disabled %d ms | %.2f | (what Flyway itself adds) |\n' \
	"$u" "$d" "$(echo "$u $d" | awk '{print $1 / $2}')"
psql_admin -c "DROP DATABASE IF EXISTS bench_flyway_$$"
echo "Flyway $flyway_version; job JVM options: ${job_opts:-none}$([ "${CDS:-0}" = 1 ] && echo ", each with its own CDS archive"); $runs alternating runs each (medians);" \
	"load before: $(cut -d' ' -f1-3 /proc/loadavg)"
