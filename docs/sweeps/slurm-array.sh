#!/bin/bash
# A sweep on a Slurm cluster: one array task per shard, then one merge job.
#
#     bash docs/sweeps/slurm-array.sh
#
# Run it with bash, not sbatch, from a checkout on a shared filesystem, after `npm ci`
# (which builds dist/). It creates the folder for results and logs ($OUT), and then submits
# itself as the job array. Slurm opens a job's --output file before the job starts and does
# not create its folder: with the folder missing, the job fails and leaves no log. The
# script then submits the merge job (--dependency=afterok on the array) and prints both job
# ids. Logs: $OUT/slurm-<array job>_<task>.log and $OUT/merge-<job>.log. (Given to sbatch
# directly, it runs the array alone, with its logs in the folder it was submitted from.)
#
# Arguments are passed to sbatch for the array (a partition, an account, ...), and override
# the #SBATCH lines below. SHARDS (default 8) is the number of shards, TASKS (default all of
# them, 1-$SHARDS) the tasks to submit. A task that failed or was preempted can be run again
# alone, followed by a new merge; it skips the cells it had finished:
#
#     TASKS=3 bash docs/sweeps/slurm-array.sh
#
# SWEEP and OUT choose the sweep file and the folder (defaults below).
#
# Inside the array (SLURM_ARRAY_TASK_ID set), the script runs its task's shard.
#SBATCH --job-name=sim-sweep
#SBATCH --array=1-8
#SBATCH --cpus-per-task=4
#SBATCH --mem=4G
#SBATCH --time=01:00:00
set -euo pipefail
SWEEP=${SWEEP:-scenarios/sweeps/interval-vs-policy.yaml}
OUT=${OUT:-results/interval-sweep}
SHARDS=${SHARDS:-8}

if [ -z "${SLURM_ARRAY_TASK_ID:-}" ]; then
  mkdir -p "$OUT"
  export SWEEP OUT SHARDS # sbatch hands the environment to the jobs (--export=ALL, its default)
  array=$(sbatch --parsable --array="${TASKS:-1-$SHARDS}" --output="$OUT/slurm-%A_%a.log" "$@" "$0")
  array=${array%%;*} # --parsable prints "id" or "id;cluster"
  merge=$(sbatch --parsable --job-name=sim-sweep-merge --dependency="afterok:$array" \
    --output="$OUT/merge-%j.log" \
    --wrap "node dist/src/cli/main.js merge $(printf '%q' "$OUT")/shard-* --out $(printf '%q' "$OUT/merged")")
  merge=${merge%%;*}
  echo "submitted: array $array (shards), merge $merge (after the array); logs in $OUT/"
  exit 0
fi

node dist/src/cli/main.js sweep "$SWEEP" \
  --shard "${SLURM_ARRAY_TASK_ID}/${SHARDS}" \
  --workers "${SLURM_CPUS_PER_TASK}" \
  --out "$OUT/shard-${SLURM_ARRAY_TASK_ID}"
