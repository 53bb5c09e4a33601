#!/usr/bin/env bash
# Makes the secrets docker-compose.yml mounts, as files under docker/secrets/ (never committed:
# .gitignore). A file that exists is kept: running it again changes nothing, so it is safe after an
# upgrade. To rotate one, move its file away first and follow docs/operations.md, "Rotating
# secrets" (the cluster secret needs every member stopped at once).
#
#   ./make-secrets.sh [DIR]        DIR defaults to the secrets/ folder next to this script
#
# The folder is mode 0700 (only its owner may enter it); the files are 0444, because a Docker
# secret from a file is that file bind-mounted as it is, and the containers read it as their own
# unprivileged users (tradeplan 10001, nobody, grafana, mongodb).
set -euo pipefail
dir="${1:-$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/secrets}"
mkdir -p "$dir"
chmod 0700 "$dir"

# hex of N random bytes
random_hex() {
  head -c "$1" /dev/urandom | od -An -tx1 | tr -d ' \n'
}

make() {
  local name="$1" value="$2"
  if [[ -e "$dir/$name" ]]; then
    echo "kept    $dir/$name"
    return
  fi
  (umask 0222 && printf '%s\n' "$value" > "$dir/$name")
  echo "created $dir/$name"
}

make cluster_secret "$(random_hex 16)"
make metrics_token "$(random_hex 32)"
make mongo_root_password "$(random_hex 24)"
make mongo_app_password "$(random_hex 24)"
make grafana_admin_password "$(random_hex 16)"
# The replica set's internal authentication: 6 to 1024 base64 characters.
make mongo_keyfile "$(head -c 756 /dev/urandom | base64 | tr -d '\n')"
