#!/usr/bin/env bash
# Runs a release's migration as a one-off ECS task (the service's task definition with the command
# override --migrate-only), waits for the task to stop, and exits with the migration's exit code, so
# that a pipeline updates the service only after the migration succeeded.
#
# Usage: run-migration.sh CLUSTER TASK_DEFINITION
#
# Environment (all optional):
#   NETWORK_CONFIGURATION  the --network-configuration of run-task, required for awsvpc (Fargate)
#   LAUNCH_TYPE            FARGATE (default) or EC2
#   OVERRIDES_FILE         the --overrides document (default: migration-overrides.json beside this
#                          script); its first container override names the app container
#   MIGRATION_TIMEOUT      seconds to wait for the task to stop (default: 3600)
#
# Exit code: the migration's own (0 migrated or nothing to do, 1 a changeset failed, 3 lock timeout,
# 4 changelog invalid, 5 database unreachable, any other code from the container as is), or 10 when
# the task did not run to completion: not started, stopped without an exit code (image pull,
# secrets, capacity), or still running at the timeout.
#
# Needs the AWS CLI and jq.
set -euo pipefail

if (($# != 2)); then
	sed -n '6p' "$0" >&2
	exit 64
fi
cluster=$1
task_definition=$2
overrides=${OVERRIDES_FILE:-$(dirname "$0")/migration-overrides.json}
timeout=${MIGRATION_TIMEOUT:-3600}
container=$(jq -r '.containerOverrides[0].name' "$overrides")

log() { echo "migration: $*" >&2; }

run_task=(ecs run-task --cluster "$cluster" --task-definition "$task_definition"
	--launch-type "${LAUNCH_TYPE:-FARGATE}" --started-by migrate-only
	--overrides "file://$overrides" --output json)
if [[ -n ${NETWORK_CONFIGURATION:-} ]]; then
	run_task+=(--network-configuration "$NETWORK_CONFIGURATION")
fi
started=$(aws "${run_task[@]}")
task_arn=$(jq -r '.tasks[0].taskArn // empty' <<<"$started")
if [[ -z $task_arn ]]; then
	log "the task did not start: $(jq -r '[.failures[]? | "\(.reason // "") \(.detail // "")"] | join("; ")' <<<"$started")"
	exit 10
fi
log "started $task_arn (task definition $task_definition, container $container)"

describe() { aws ecs describe-tasks --cluster "$cluster" --tasks "$task_arn" --output json; }

# The waiter gives up after 100 polls (10 minutes); a migration may take longer.
deadline=$((SECONDS + timeout))
until aws ecs wait tasks-stopped --cluster "$cluster" --tasks "$task_arn"; do
	status=$(describe | jq -r '.tasks[0].lastStatus // "UNKNOWN"')
	if [[ $status == STOPPED ]]; then
		break
	fi
	if ((SECONDS >= deadline)); then
		log "the task is still $status after ${timeout}s; stop it with: aws ecs stop-task --cluster $cluster --task $task_arn"
		exit 10
	fi
	log "the task is $status, waiting on"
done

described=$(describe)
task_reason=$(jq -r '.tasks[0].stoppedReason // "no reason given"' <<<"$described")
exit_code=$(jq -r --arg name "$container" \
	'.tasks[0].containers[]? | select(.name == $name) | .exitCode // empty' <<<"$described")
if [[ -z $exit_code ]]; then
	container_reason=$(jq -r --arg name "$container" \
		'.tasks[0].containers[]? | select(.name == $name) | .reason // empty' <<<"$described")
	log "the task stopped before container $container exited: $task_reason${container_reason:+ ($container_reason)}"
	exit 10
fi
case $exit_code in
	0)
		log "finished (exit code 0)"
		exit 0
		;;
	1) meaning="a changeset failed; the changesets before it stay applied. Fix it and run again" ;;
	3) meaning="another migrator held the migration lock for too long. Run again once it is done" ;;
	4) meaning="the changelog is invalid. Fix spring.liquibase.change-log; never edit an applied changeset" ;;
	5) meaning="the database is unreachable or refused the login. Check the URL, the network and the credentials" ;;
	*) meaning="unexpected exit code ($task_reason)" ;;
esac
log "failed (exit code $exit_code): $meaning. The last line of the task's log says more."
exit "$exit_code"
