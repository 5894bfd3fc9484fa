#!/bin/bash
# Submit a sharded sweep on Slurm: the array of shards, then one merge that starts when every
# shard has succeeded.
#
#   docs/cluster/submit-slurm.sh scenarios/sweep-target-tracking.toml /shared/scalesim/run1 \
#       'p99<=15m,expired_rate<=0.01'
set -euo pipefail

SWEEP=${1:?usage: submit-slurm.sh SWEEP.toml RESULTS-DIR [SLO]}
RESULTS=${2:?usage: submit-slurm.sh SWEEP.toml RESULTS-DIR [SLO]}
SLO=${3:-}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$RESULTS"

array=$(sbatch --parsable --export=ALL,SWEEP="$SWEEP",RESULTS="$RESULTS" "$here/sweep-array.slurm")
# The shard folders exist only once the array ran: expand the glob inside the merge job.
sbatch --parsable --dependency=afterok:"${array%%;*}" --job-name=scalesim-merge \
  --output="$RESULTS/merge-%j.out" \
  --wrap "cd $(printf %q "$PWD") && scalesim merge $(printf %q "$RESULTS")/shard-* --out $(printf %q "$RESULTS/merged")${SLO:+ --slo $(printf %q "$SLO")}"
echo "array job $array; results in $RESULTS/merged when the merge job finishes"
