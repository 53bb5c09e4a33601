#!/usr/bin/env bash
# The image's entry point: the first word of the container's command says what this container is.
#
#   server [ARGS]          one Tradeplan server alone: HTTP :8080, a one-member cluster
#                          (com.tradeplan.server.Main serve)
#   member [ARGS]          a server that is one member of a cluster (the same main class and
#                          sub-command); refuses to start without TRADEPLAN_CLUSTER_MEMBERS and
#                          TRADEPLAN_CLUSTER_HOST, because a member that forgot its list would form a
#                          cluster of its own and run every user a second time
#   paper-gateway [ARGS]   the paper IB gateway (com.tradeplan.gateway.PaperGatewayMain), listening
#                          on ${TRADEPLAN_GATEWAY_BIND:-0.0.0.0}:4002 unless ARGS say otherwise
#   backup ARGS | restore ARGS
#                          the embedded store's backup and restore (docs/operations.md)
#
# JAVA_OPTS are the operator's JVM options; the Hazelcast module flags below are always added (the
# same as hazelcast.jvm.flags in pom.xml: DockerfileTest compares them). java runs as PID 1's
# replacement (exec), so docker stop's SIGTERM reaches the JVM and the platform shuts down cleanly.
#
# TRADEPLAN_ENTRYPOINT_PRINT=1 prints the java command, one word per line, instead of running it
# (the deployment checks run this script for every service of docker-compose.yml).
set -euo pipefail

readonly HAZELCAST_FLAGS=(
  --add-modules java.se
  --add-exports java.base/jdk.internal.ref=ALL-UNNAMED
  --add-opens java.base/java.lang=ALL-UNNAMED
  --add-opens java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens java.management/sun.management=ALL-UNNAMED
  --add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED
)
lib="${TRADEPLAN_LIB:-/app/lib}"

usage() {
  echo "usage: <server|member|paper-gateway|backup|restore> [ARGS]" >&2
  exit 2
}

require() {
  local name
  for name in "$@"; do
    if [[ -z "${!name:-}" ]]; then
      echo "tradeplan: a member needs $name (docs/operations.md, \"Install\"); not starting" >&2
      exit 2
    fi
  done
}

role="${1:-server}"
shift || true
case "$role" in
  server)
    main=com.tradeplan.server.Main
    args=(serve "$@")
    ;;
  member)
    require TRADEPLAN_CLUSTER_MEMBERS TRADEPLAN_CLUSTER_HOST
    main=com.tradeplan.server.Main
    args=(serve "$@")
    ;;
  paper-gateway)
    main=com.tradeplan.gateway.PaperGatewayMain
    args=(--bind "${TRADEPLAN_GATEWAY_BIND:-0.0.0.0}" "$@")
    ;;
  backup | restore)
    main=com.tradeplan.server.Main
    args=("$role" "$@")
    ;;
  *)
    usage
    ;;
esac

# JAVA_OPTS is a list of words on purpose (the usual JVM convention): no quoting inside it.
# shellcheck disable=SC2206
cmd=(java ${JAVA_OPTS:-} "${HAZELCAST_FLAGS[@]}" -cp "$lib/*" "$main" "${args[@]}")
if [[ "${TRADEPLAN_ENTRYPOINT_PRINT:-}" == 1 ]]; then
  printf '%s\n' "${cmd[@]}"
  exit 0
fi
exec "${cmd[@]}"
