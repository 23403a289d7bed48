#!/usr/bin/env bash
# Issue 16 bar "database restart": PostgreSQL restarted (pg_ctl restart -m fast) under concurrent writes on two
# replicas, checked twice:
# - registry level: two RegistryService/QuadStore pairs on one database (ReplicaFollowTests, Registry.Tests);
# - over HTTP: two `phd serve --database` processes on one database, four API clients POSTing facilities to both
#   (PostgresRestartHttpTests, Cli.Tests).
# Prints how many writes were acknowledged (before the restart, in all) and how many were refused with a transient
# error (over HTTP: a 503 problem document). The tests assert no write hangs and no answer is anything else (no 500,
# no stack trace, in the answer or in the server log), every acknowledged write is on both replicas (over HTTP: its
# landing page and history entry) with its audit row and record graph, nothing refused is half-applied (over HTTP:
# the sitemap's facilities = the facility record graphs by SPARQL = the database's rows), and new writes succeed
# without restarting anything. Timing varies with load; the counts show the restart fell inside the writes.
# Usage: bench/replicas/pg-restart.sh [runs]   (default 3)
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet build tests/PhdResolver.Registry.Tests -c Release -v q >/dev/null
dotnet build tests/PhdResolver.Cli.Tests -c Release -v q >/dev/null
for run in $(seq 1 "${1:-3}"); do
  dotnet test tests/PhdResolver.Registry.Tests -c Release --no-build \
    --filter "FullyQualifiedName~ReplicaFollowTests.A_database_restart_under_writes" \
    --logger "console;verbosity=detailed" 2>&1 | grep -E "writes acknowledged|Passed |Failed |Error Message" | sed "s/^/run $run registry: /"
  dotnet test tests/PhdResolver.Cli.Tests -c Release --no-build \
    --filter "FullyQualifiedName~PostgresRestartHttpTests" \
    --logger "console;verbosity=detailed" 2>&1 | grep -E "HTTP writes|database: |Passed |Failed |Error Message" | sed "s/^/run $run http: /"
done
