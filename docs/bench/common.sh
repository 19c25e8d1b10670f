# Shared by the benchmark scripts: sourced after `runs` and `port` are set. Works in a fresh
# temporary directory that is removed (with any app still running) on exit. BENCH_JAR runs
# another build of the sample app (an absolute path), e.g. one built from an earlier commit.
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
jar=${BENCH_JAR:-"$root/sample-app/target/sample-app-0.1.0-SNAPSHOT.jar"}
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
cd "$work"

now_ms() { date +%s%3N; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# Starts the sample app in normal mode with the given arguments, prints the milliseconds from process
# start to /actuator/health/readiness answering 200, and stops it.
start_to_ready() { # args...
	local start pid
	start=$(now_ms)
	java -jar "$jar" --server.port="$port" "$@" >serve.log 2>&1 &
	pid=$!
	until curl -fs -o /dev/null "http://127.0.0.1:$port/actuator/health/readiness"; do
		kill -0 $pid 2>/dev/null || { echo "app died" >&2; cat serve.log >&2; exit 1; }
		sleep 0.02
	done
	echo $(($(now_ms) - start))
	kill $pid
	wait $pid 2>/dev/null || true
}
