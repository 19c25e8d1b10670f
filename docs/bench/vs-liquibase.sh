#!/usr/bin/env bash
# Benchmark: the starter's `--migrate-only` against the tools a team would put in the same Job instead,
# on PostgreSQL, each with the same JVM options (the recipes' job flags) and the same jars (those of the
# extracted sample jar, as in the image):
#   cli      Liquibase's command line, `liquibase.integration.commandline.LiquibaseCommandLine update`
#            (liquibase-core plus picocli, which liquibase-core declares as optional);
#   api      Liquibase's Java API, `new CommandScope("update")` in a plain main class compiled here;
#   starter  the sample jar with `--migrate-only --spring.profiles.active=postgres`.
# For each changelog, a full migration (each run on a fresh database, dropped afterwards) and a no-op run
# (everything applied: one database per tool, migrated once before the runs); the databases are named
# after the process id, so that two runs of the script do not meet. The three tools alternate,
# in a rotating order, so that a drift in the machine's speed affects all alike. Prints, per changelog
# and kind of run, the medians of process start to exit, of CPU time (user + system) and of peak RSS.
# Changelogs: Flowable's CMMN engine changelog (flowable-cmmn-engine 6.8.0 from Maven Central, fetched
# with `mvn dependency:get` and unzipped here, never committed) and generated ones of N changesets.
# Usage: docs/bench/vs-liquibase.sh [RUNS]   (after ./mvnw -q package -DskipTests)
# CHANGELOGS (default "flowable 100 1000 10000") picks the changelogs; KINDS (default "full noop") the
# kinds of run; JOB_JAVA_OPTS the JVM options (default the recipes' "-XX:TieredStopAtLevel=1
# -XX:+UseSerialGC"); STARTER_ARGS more arguments for the starter only (e.g. a setting to A/B);
# PGHOST/PGPORT/PGUSER (defaults 127.0.0.1, 5432, postgres, trust) an admin login. CDS=1 gives every tool
# a class-data sharing archive of its own, as the Dockerfile recipe gives the job: one training run of
# each (a full migration of a generated 10-changeset changelog on a fresh database) with
# -XX:ArchiveClassesAtExit, then every measured run with -XX:SharedArchiveFile.
set -euo pipefail
runs=${1:-5}
port=0
# shellcheck source=common.sh
source "$(dirname "$0")/common.sh"
job_opts=${JOB_JAVA_OPTS-"-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"}
pg_host=${PGHOST:-127.0.0.1} pg_port=${PGPORT:-5432} pg_user=${PGUSER:-postgres}
m2=${M2_REPO:-$HOME/.m2/repository}
export LIQUIBASE_ANALYTICS_ENABLED=false # the sample sets spring.liquibase.analytics-enabled=false too

java -Djarmode=tools -jar "$jar" extract --destination extracted >/dev/null
app="$work/extracted/$(basename "$jar")"
liquibase_version=$(find extracted/lib -name 'liquibase-core-*.jar' | sed 's/.*liquibase-core-\(.*\)\.jar/\1/')
picocli_version=$(sed -n '/<artifactId>picocli</{n;s/.*<version>\(.*\)<\/version>.*/\1/p}' \
	"$m2/org/liquibase/liquibase-core/$liquibase_version/liquibase-core-$liquibase_version.pom")
fetch() { # groupId artifactId version: prints the path of the jar in the local Maven repository
	local file="$m2/${1//.//}/$2/$3/$2-$3.jar"
	[ -f "$file" ] || "$root/mvnw" -B -q dependency:get -Dartifact="$1:$2:$3" -Dtransitive=false >&2
	echo "$file"
}
picocli=$(fetch info.picocli picocli "$picocli_version")
classpath="$work/extracted/lib/*"

mkdir api
cat >api/Update.java <<'JAVA'
import java.nio.file.Path;
import java.util.Map;

import liquibase.Scope;
import liquibase.command.CommandScope;
import liquibase.resource.DirectoryResourceAccessor;

public class Update {

	public static void main(String[] args) throws Exception {
		Map<String, Object> scope = Map.of(Scope.Attr.resourceAccessor.name(),
				new DirectoryResourceAccessor(Path.of(args[1])));
		Scope.child(scope, () -> new CommandScope("update").addArgumentValue("url", args[0])
			.addArgumentValue("username", args[2])
			.addArgumentValue("changelogFile", "changelog.xml")
			.execute());
	}

}
JAVA
javac -cp "$classpath" -d api api/Update.java
# a jar, since a class-data sharing archive takes no directory on the class path
jar cf api.jar -C api Update.class

# Each changelog sits alone in a directory named after it, as changelog.xml.
generated() { # changesets
	mkdir -p "changelog-$1"
	{
		echo '<?xml version="1.0" encoding="UTF-8"?>'
		echo '<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.liquibase.org/xml/ns/dbchangelog https://www.liquibase.org/xml/ns/dbchangelog/dbchangelog-latest.xsd">'
		for ((i = 1; i <= $1; i++)); do
			echo "<changeSet id=\"bench-$i\" author=\"bench\"><createTable tableName=\"t$i\"><column name=\"id\" type=\"BIGINT\"><constraints primaryKey=\"true\"/></column><column name=\"name\" type=\"VARCHAR(100)\"/></createTable></changeSet>"
		done
		echo '</databaseChangeLog>'
	} >"changelog-$1/changelog.xml"
}
flowable() {
	mkdir -p changelog-flowable
	unzip -p "$(fetch org.flowable flowable-cmmn-engine 6.8.0)" \
		org/flowable/cmmn/db/liquibase/flowable-cmmn-db-changelog.xml >changelog-flowable/changelog.xml
}

export PGOPTIONS="-c client_min_messages=warning"
psql_admin() { psql -h "$pg_host" -p "$pg_port" -U "$pg_user" -qX "$@" postgres >/dev/null; }
applied() { psql -h "$pg_host" -p "$pg_port" -U "$pg_user" -qXtAc "SELECT count(*) FROM databasechangelog" "$1"; }
fresh_database() { psql_admin -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1"; }
url() { echo "jdbc:postgresql://$pg_host:$pg_port/$1"; }

run_tool() { # tool changelog database log
	local dir="$work/changelog-$2" job_opts=$job_opts
	if [ "${training:-0}" = 1 ]; then
		job_opts="$job_opts -XX:ArchiveClassesAtExit=$work/$1.jsa"
	elif [ "${cds:-0}" = 1 ]; then
		job_opts="$job_opts -XX:SharedArchiveFile=$work/$1.jsa"
	fi
	# shellcheck disable=SC2086
	case $1 in
	cli) java $job_opts -cp "$classpath:$picocli" liquibase.integration.commandline.LiquibaseCommandLine \
		--url="$(url "$3")" --username="$pg_user" --search-path="$dir" --changelog-file=changelog.xml update ;;
	api) java $job_opts -cp "$classpath:$work/api.jar" Update "$(url "$3")" "$dir" "$pg_user" ;;
	starter) java $job_opts -jar "$app" --migrate-only --spring.profiles.active=postgres \
		--spring.datasource.url="$(url "$3")" --spring.datasource.username="$pg_user" \
		--spring.liquibase.change-log="file:$dir/changelog.xml" ${STARTER_ARGS:-} ;;
	esac >"$4" 2>&1
}

# Runs a tool under /usr/bin/time; appends "wall_ms cpu_ms max_rss_kib" to its results file.
measure() { # tool changelog database kind
	local start end
	start=$(now_ms)
	/usr/bin/time -f '%U %S %M' -o time.out bash -c "$(declare -f run_tool url); job_opts='$job_opts' \
		classpath='$classpath' picocli='$picocli' work='$work' app='$app' cds=${CDS:-0} pg_host=$pg_host pg_port=$pg_port \
		pg_user=$pg_user run_tool $1 $2 $3 run.log" || { echo "$1 failed on $2 ($4)" >&2; tail -20 run.log >&2; exit 1; }
	end=$(now_ms)
	awk -v w=$((end - start)) '{printf "%d %d %d\n", w, ($1 + $2) * 1000, $3}' time.out >>"$4-$1-$2.all"
	# every tool must have applied the whole changelog, and the no-op runs nothing more
	echo "$(applied "$3")" >>"applied-$2"
}

tools=(cli api starter)
if [ "${CDS:-0}" = 1 ]; then
	generated 10
	for tool in "${tools[@]}"; do
		fresh_database bench_train_$$
		training=1 run_tool "$tool" 10 bench_train_$$ "train-$tool.log" || { tail -20 "train-$tool.log" >&2; exit 1; }
	done
	psql_admin -c "DROP DATABASE IF EXISTS bench_train_$$"
	cds=1
fi
echo "| changelog | run | CLI | Java API | --migrate-only | --migrate-only / CLI | CLI CPU | API CPU | --migrate-only CPU | CLI RSS | API RSS | --migrate-only RSS |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
for changelog in ${CHANGELOGS:-flowable 100 1000 10000}; do
	if [ "$changelog" = flowable ]; then flowable; else generated "$changelog"; fi
	for kind in ${KINDS:-full noop}; do
		if [ "$kind" = noop ]; then
			for tool in "${tools[@]}"; do
				fresh_database "bench_noop_${tool}_$$"
				run_tool "$tool" "$changelog" "bench_noop_${tool}_$$" "setup-$tool.log" || { tail -20 "setup-$tool.log" >&2; exit 1; }
			done
		fi
		for ((r = 0; r < runs; r++)); do
			for ((t = 0; t < 3; t++)); do
				tool=${tools[$(((r + t) % 3))]}
				if [ "$kind" = full ]; then
					fresh_database bench_full_$$
					measure "$tool" "$changelog" bench_full_$$ "$kind"
				else
					measure "$tool" "$changelog" "bench_noop_${tool}_$$" "$kind"
				fi
			done
		done
		sort -u "applied-$changelog" | wc -l | grep -qx 1 ||
			{ echo "the tools applied different changesets: $(sort -u "applied-$changelog" | tr '\n' ' ')" >&2; exit 1; }
		col() { awk -v c="$1" '{print $c}' "$kind-$2-$changelog.all" | median; }
		printf '| %s | %s | %d ms | %d ms | %d ms | %s | %.2f s | %.2f s | %.2f s | %d MiB | %d MiB | %d MiB |\n' \
			"$changelog" "$kind" "$(col 1 cli)" "$(col 1 api)" "$(col 1 starter)" \
			"$(awk -v s="$(col 1 starter)" -v c="$(col 1 cli)" 'BEGIN {printf "**%.2f**", s / c}')" \
			"$(col 2 cli)e-3" "$(col 2 api)e-3" "$(col 2 starter)e-3" \
			$(($(col 3 cli) / 1024)) $(($(col 3 api) / 1024)) $(($(col 3 starter) / 1024))
	done
done
psql_admin -c "DROP DATABASE IF EXISTS bench_full_$$" -c "DROP DATABASE IF EXISTS bench_noop_cli_$$" \
	-c "DROP DATABASE IF EXISTS bench_noop_api_$$" -c "DROP DATABASE IF EXISTS bench_noop_starter_$$"
echo "JVM options: ${job_opts:-none}$([ "${CDS:-0}" = 1 ] && echo ", each tool with its own CDS archive"); starter arguments: ${STARTER_ARGS:-none}; Liquibase $liquibase_version, picocli $picocli_version; $runs alternating runs each" \
	"(medians); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
