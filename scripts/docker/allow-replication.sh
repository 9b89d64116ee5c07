#!/bin/sh
# Run once by the postgres image when it makes the primary's data directory (docker-compose.yml
# mounts it into /docker-entrypoint-initdb.d): a standby on the compose network may stream the
# WAL with the same user and password as the API. The image's own pg_hba.conf lets every
# database in but not replication.
set -e
echo "host replication all all scram-sha-256" >> "$PGDATA/pg_hba.conf"
