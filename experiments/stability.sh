#!/usr/bin/env bash
# Issue #15: full Imagenette, 64 px, small preset, one-cycle lr 1e-3, batch 64, 15 epochs: the two commands of the issue.
# One arm per call, so that two arms can share the two cores (OMP_NUM_THREADS=1 each). Resumable: a finished run is
# skipped, an interrupted one continues from its last completed epoch.
# Usage: nice -n 10 bash experiments/stability.sh NAME SEED [arvit-train arguments...]
#   e.g. bash experiments/stability.sh lam0 42 --lam 0
set -uo pipefail
cd "$(dirname "$0")/.."
name=$1; seed=$2; shift 2
d=experiments/runs/stability/$name-s$seed
[ -f $d/summary.json ] && { echo "skip $d"; exit 0; }
resume=(); [ -f $d/checkpoint.pth ] && resume=(--resume)
mkdir -p $d
OMP_NUM_THREADS=${OMP_NUM_THREADS:-1} arvit-train --dataset imagenette --epochs 15 --seed $seed --out $d "$@" "${resume[@]}" >> $d.log 2>&1 \
  && echo "done $d: $(python -c "import json; s=json.load(open('$d/summary.json')); print(s['valid_accuracy'], s['train_images_per_s'])")"
