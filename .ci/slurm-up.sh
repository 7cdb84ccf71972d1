#!/usr/bin/env bash
# Brings up a single-node SLURM cluster on this machine (Debian 12: slurm-wlm 22.05 + munge), with
# the daemons started directly (no systemd), for the real-cluster tuning tests. docs/tuning.md's
# cluster recipe is this script. Idempotent: does nothing when 'scontrol ping' already says UP.
#
# The node gets a CPU-only partition 'debug' (no GPU resource), DefMemPerCPU so jobs share the
# node, and KillWait/OverTimeLimit so that a job over its time limit is killed quickly.
# Prints why and exits non-zero when the cluster cannot start (the logs are under /var/log/slurm).
set -euo pipefail

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
conf=/etc/slurm/slurm.conf
marker="# Written by biomed-vital .ci/slurm-up.sh"

say() { echo "slurm-up: $*" >&2; }
fail() { say "FAILED: $*"; exit 1; }

if command -v scontrol >/dev/null 2>&1 && scontrol ping 2>/dev/null | grep -q "is UP"; then
  say "a SLURM controller is already UP: $(scontrol ping | head -n 1)"
  exit 0
fi

need=()
[ -x /usr/sbin/slurmctld ] || need+=(slurm-wlm)
[ -x /usr/sbin/munged ] || need+=(munge)
if [ ${#need[@]} -gt 0 ]; then
  say "installing ${need[*]}"
  { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}"; } \
    >/tmp/biomed-vital-slurm-apt.log 2>&1 \
    || fail "could not install ${need[*]} (apt-get log: /tmp/biomed-vital-slurm-apt.log: $(tail -n 3 /tmp/biomed-vital-slurm-apt.log | tr '\n' ' '))"
fi

host=$(hostname -s)
cpus=$(nproc)
mem_mb=$(awk '/MemTotal/ {print int($2 / 1024)}' /proc/meminfo)
# Leave the machine some memory; each job asks DefMemPerCPU (1000 MB) per CPU.
real_mem=$(( mem_mb > 2000 ? mem_mb - 1000 : mem_mb ))

if [ -f "$conf" ] && ! grep -qF "$marker" "$conf"; then
  fail "$conf exists and was not written by this script; move it away or start that cluster yourself"
fi

$sudo mkdir -p /etc/slurm /var/spool/slurmctld /var/spool/slurmd /var/log/slurm /run/munge /run/slurm
$sudo tee "$conf" >/dev/null <<CONF
$marker for a single-node test cluster.
ClusterName=biomed-vital-ci
SlurmctldHost=${host}(127.0.0.1)
AuthType=auth/munge
SlurmUser=root
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldPidFile=/run/slurm/slurmctld.pid
SlurmdPidFile=/run/slurm/slurmd.pid
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU_Memory
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
ReturnToService=2
# Finished jobs stay visible to 'scontrol show job' (there is no accounting storage for sacct).
MinJobAge=300
# A job over its time limit is signalled at once and killed 2 s after SIGTERM.
OverTimeLimit=0
KillWait=2
SchedulerType=sched/backfill
SchedulerParameters=sched_interval=1
NodeName=${host} NodeAddr=127.0.0.1 CPUs=${cpus} RealMemory=${real_mem} State=UNKNOWN
PartitionName=debug Nodes=${host} Default=YES MaxTime=INFINITE State=UP OverSubscribe=FORCE:4 DefMemPerCPU=1000
CONF

# munge: the package created /etc/munge/munge.key; create one if it did not.
if [ ! -s /etc/munge/munge.key ]; then
  $sudo /usr/sbin/mungekey --create >/dev/null 2>&1 || $sudo /usr/sbin/create-munge-key -f >/dev/null 2>&1 \
    || fail "no /etc/munge/munge.key and could not create one"
  $sudo chown munge:munge /etc/munge/munge.key
fi
$sudo chown munge:munge /run/munge
if ! pgrep -x munged >/dev/null 2>&1; then
  $sudo runuser -u munge -- /usr/sbin/munged || fail "munged did not start (see /var/log/munge/munged.log)"
fi
munge -n | unmunge >/dev/null 2>&1 || fail "munge does not work: 'munge -n | unmunge' failed"

pgrep -x slurmctld >/dev/null 2>&1 || $sudo /usr/sbin/slurmctld \
  || fail "slurmctld did not start: $(tail -n 5 /var/log/slurm/slurmctld.log 2>/dev/null | tr '\n' ' ')"
pgrep -x slurmd >/dev/null 2>&1 || $sudo /usr/sbin/slurmd \
  || fail "slurmd did not start: $(tail -n 5 /var/log/slurm/slurmd.log 2>/dev/null | tr '\n' ' ')"

for _ in $(seq 1 30); do
  if scontrol ping 2>/dev/null | grep -q "is UP" \
      && sinfo -h -o '%t' 2>/dev/null | grep -qE '^(idle|mix|alloc)'; then
    say "cluster UP: node ${host}, ${cpus} CPU(s), ${real_mem} MB, partition debug (CPU only)"
    exit 0
  fi
  sleep 1
done
fail "the cluster did not come up within 30 s: $(scontrol ping 2>&1 | head -n 1); node: $(sinfo -h -N -o '%N %t %E' 2>&1 | head -n 1); slurmctld log: $(tail -n 5 /var/log/slurm/slurmctld.log 2>/dev/null | tr '\n' ' ')"
