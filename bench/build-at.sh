#!/usr/bin/env bash
# Builds a project of this repository as it was at REV (exported with git archive, so the working tree is left
# alone) into OUT, for the compare-builds scripts' "base" side. The build is kept: rerun with the same REV and it
# is reused. Usage: bench/build-at.sh REV PROJECT-PATH-IN-REPO OUT (the build log is OUT.build.log)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
rev="$(git -C "$root" rev-parse "$1")"; project="$2"; out="$3"
[ "$(cat "$out/.rev" 2>/dev/null)" = "$rev" ] && exit 0
src="$out.src"; rm -rf "$src" "$out" && mkdir -p "$src"
git -C "$root" archive "$rev" | tar -x -C "$src"
dotnet build -c Release -v q "$src/$project" -o "$out" > "$out.build.log" 2>&1 || { echo "build of $project at $rev failed: $out.build.log" >&2; exit 1; }
echo "$rev" > "$out/.rev"
