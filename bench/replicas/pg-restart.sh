#!/usr/bin/env bash
# Issue 16 bar "database restart": PostgreSQL restarted (pg_ctl restart -m fast) under concurrent writes on two
# replicas (registry level: two RegistryService/QuadStore pairs on one database, as two `phd serve` processes).
# Prints how many writes were acknowledged (before the restart, in all) and how many were refused with a transient
# error (a 503 problem over HTTP); the test asserts no write hangs, every acknowledged write is in the database and
# on both replicas with its audit row and record graph, and new writes succeed without reopening anything.
# Not yet: the same through `phd serve`'s HTTP API (the lead's list).
# Usage: bench/replicas/pg-restart.sh [runs]   (default 3)
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet build tests/PhdResolver.Registry.Tests -c Release -v q >/dev/null
for run in $(seq 1 "${1:-3}"); do
  dotnet test tests/PhdResolver.Registry.Tests -c Release --no-build \
    --filter "FullyQualifiedName~ReplicaFollowTests.A_database_restart_under_writes" \
    --logger "console;verbosity=detailed" 2>&1 | grep -E "writes acknowledged|Passed |Failed |Error Message" | sed "s/^/run $run: /"
done
