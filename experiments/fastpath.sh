#!/usr/bin/env bash
# Paired runs of the reference path (files, nn.Dropout) and the fast path (--memory --fast-dropout): same seeds, same
# data (Imagewoof, 100 training and 50 validation images per breed, 64 px), 5 epochs. Resumable: finished runs are skipped.
# Usage: nice -n 10 bash experiments/fastpath.sh [seeds...]   (default 1 2 3)
set -uo pipefail
cd "$(dirname "$0")/.."
out=experiments/runs/fastpath
seeds=("$@"); [ ${#seeds[@]} -eq 0 ] && seeds=(1 2 3)
for s in "${seeds[@]}"; do
  for arm in ref fast; do
    d=$out/$arm-s$s
    [ -f $d/summary.json ] && { echo "skip $d"; continue; }
    rm -rf $d
    extra=(); [ $arm = fast ] && extra=(--memory --fast-dropout)
    arvit-train --dataset imagewoof --subset 100 --valid-subset 50 --epochs 5 --seed $s --out $d "${extra[@]}" > $out/$arm-s$s.log 2>&1 \
      && echo "done $d: $(python -c "import json; s=json.load(open('$d/summary.json')); print(s['valid_accuracy'], s['train_images_per_s'])")"
  done
done
