#!/bin/sh
# bench/bulk: one batch of N instruments vs one call per record (M instruments), same registry code, same run.
# usage: bench/bulk/run.sh [N=10000] [M=300] [DESCRIPTOR.ttl]
set -e
here=$(cd "$(dirname "$0")" && pwd)
dotnet build -c Release -v q "$here" >/dev/null
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
dotnet "$here/bin/Release/net10.0/Bulk.dll" "${1:-10000}" "${2:-300}" ${3:+"$3"}
