#!/bin/bash
# A sweep on a Slurm cluster: one array task per shard, then one merge job.
#
#     jobid=$(sbatch --parsable docs/sweeps/slurm-array.sh)
#     sbatch --dependency=afterok:$jobid --wrap "node dist/src/cli/main.js merge results/interval-sweep/shard-* --out results/interval-sweep/merged"
#
# Run from a checkout on a shared filesystem, after `npm ci` (which builds dist/).
# A task that fails or is preempted can be resubmitted as it is
# (sbatch --array=3 docs/sweeps/slurm-array.sh): it skips the cells it had finished.
#SBATCH --job-name=sim-sweep
#SBATCH --array=1-8
#SBATCH --cpus-per-task=4
#SBATCH --mem=4G
#SBATCH --time=01:00:00
#SBATCH --output=results/interval-sweep/slurm-%A_%a.log
set -euo pipefail
SWEEP=${SWEEP:-scenarios/sweeps/interval-vs-policy.yaml}
OUT=${OUT:-results/interval-sweep}
node dist/src/cli/main.js sweep "$SWEEP" \
  --shard "${SLURM_ARRAY_TASK_ID}/${SLURM_ARRAY_TASK_COUNT}" \
  --workers "${SLURM_CPUS_PER_TASK}" \
  --out "$OUT/shard-${SLURM_ARRAY_TASK_ID}"
