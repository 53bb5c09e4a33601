#!/usr/bin/env bash
# The image's health check: healthy when /actuator/health/readiness answers 200, i.e. the store
# answers and the IB link is READY (docs/api.md). Bash's /dev/tcp, so the JRE image needs no curl.
# Unhealthy during IB's nightly restart is the truth (no order can go out then), not a fault to
# restart for: compose does not restart unhealthy containers, it only orders start-ups by health.
#
#   healthcheck [PORT [PATH]]   default: ${SERVER_PORT:-8080} /actuator/health/readiness
#   healthcheck --tcp PORT      healthy when something accepts a connection on PORT (the paper
#                               gateway, which speaks no HTTP)
set -euo pipefail

if [[ "${1:-}" == "--tcp" ]]; then
  exec 3<>"/dev/tcp/127.0.0.1/${2:?usage: healthcheck --tcp PORT}"
  exit 0
fi

port="${1:-${SERVER_PORT:-8080}}"
path="${2:-/actuator/health/readiness}"
exec 3<>"/dev/tcp/127.0.0.1/$port"
printf 'GET %s HTTP/1.0\r\nHost: localhost\r\nConnection: close\r\n\r\n' "$path" >&3
IFS= read -r -t 4 status <&3
# "HTTP/1.1 200 " and nothing else: DOWN and OUT_OF_SERVICE answer 503
[[ "$status" =~ ^HTTP/[0-9.]+\ 200[\ $'\r'] ]]
