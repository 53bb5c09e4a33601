#!/usr/bin/env bash
# Starts one node of the replica set rs0 with the shared keyfile (docker-compose.yml). mongod
# refuses a keyfile readable by anyone but its owner, and a Docker secret arrives as whatever the
# host file is, so it is copied to a file of its own owned by mongodb, mode 0400, before the image's
# entrypoint starts mongod (which creates the root user on a first start when
# MONGO_INITDB_ROOT_USERNAME is set: mongo1 only, so that mongo2 and mongo3 join with no data).
set -euo pipefail
install -m 0400 -o mongodb -g mongodb /run/secrets/mongo_keyfile /etc/mongo-keyfile
exec docker-entrypoint.sh mongod --replSet rs0 --keyFile /etc/mongo-keyfile --bind_ip_all "$@"
