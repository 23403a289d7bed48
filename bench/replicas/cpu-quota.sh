#!/usr/bin/env bash
# cpu-quota.sh NAME CORES command... : runs the command (exec: same pid) in a CPU cgroup of its own named
# phd-bench-NAME, capped at CORES cores (e.g. 0.35) by the kernel's CFS bandwidth control. Why: on this 2-core
# machine a replica pinned to a core shares it with nginx and wrk, so "two replicas" cannot get twice the CPU of
# "one"; a fixed budget per replica (as if each ran on its own small machine) measures whether the replicas scale,
# with the rest of the machine left to nginx, wrk, Redis and PostgreSQL. cgroup v2 (cpu.max) or v1 (cfs_quota_us);
# needs root. .NET reads the quota (Environment.ProcessorCount follows it).
set -euo pipefail
name=$1 cores=$2; shift 2
period=100000; quota=$(python3 -c "import sys; print(max(1000, int(float(sys.argv[1]) * $period)))" "$cores")
if [ -f /sys/fs/cgroup/cgroup.controllers ]; then
  grep -qw cpu /sys/fs/cgroup/cgroup.subtree_control || echo +cpu >/sys/fs/cgroup/cgroup.subtree_control
  g=/sys/fs/cgroup/phd-bench-$name; mkdir -p "$g"; echo "$quota $period" >"$g/cpu.max"
elif [ -d /sys/fs/cgroup/cpu ]; then
  g=/sys/fs/cgroup/cpu/phd-bench-$name; mkdir -p "$g"
  echo "$period" >"$g/cpu.cfs_period_us"; echo "$quota" >"$g/cpu.cfs_quota_us"
else
  echo "cpu-quota.sh: no cgroup cpu controller on this machine" >&2; exit 1
fi
echo $$ >"$g/cgroup.procs"
exec "$@"
