#!/usr/bin/env bash
# Issue 16: how soon a write on one replica is visible on another, at a registry of a few thousand instruments.
# Two registries (each its store, data directory and search index, as two `phd serve` processes have) on one
# PostgreSQL that the test starts itself (tests/Shared/PostgresServer.cs: Debian's postgresql package).
# Replica a registers N instruments in one batch, then makes 30 single writes (edits, versions, related works);
# the run prints the delay until replica b answers each from its own memory, and what one full reload of the rows
# costs at that size (what every foreign write cost before the follower became incremental). Printed, not asserted;
# the test asserts only that b sees every write and does no full reload for them.
# Run under load (five helpers sharing 2 cores), 2026-12-03, N = 3000:
#   3000 instruments with a version each: batch on a 106276 ms; b in step 25446 ms later (full reload + index rebuild)
#   single writes on a visible on b after: median 39.2 ms, max 173.0 ms (30 writes, partial reloads only)
#   one full reload of the rows alone: 442 ms (before this change every foreign write that touched search documents
#   also rebuilt b's whole search index: the ~25 s above)
# Usage: bench/replicas/follow.sh [N]   (default 3000; the batch registration dominates the run time)
set -euo pipefail
cd "$(dirname "$0")/../.."
export PHD_FOLLOW_INSTRUMENTS="${1:-3000}"
dotnet test tests/PhdResolver.Registry.Tests -c Release \
  --filter "FullyQualifiedName~ReplicaFollowTests.Visibility_delay_of_single_writes_in_a_large_registry" \
  --logger "console;verbosity=detailed" 2>&1 | grep -E "instruments with|b in step|visible on b|full reload of the rows|Passed|Failed|Error"
