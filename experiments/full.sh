#!/usr/bin/env bash
# Issue #14: full-data runs (64 px, small preset, batch 64, one-cycle lr 1e-3), in the order the issue asks for.
# A work queue: each call claims the first run that is neither finished nor taken by another call, runs it, and goes on
# to the next; two calls side by side use the two cores (OMP_NUM_THREADS=1 each). Resumable: a finished run
# (summary.json) is skipped, a run interrupted in this working day continues from its last completed epoch.
# Usage: EPOCHS=20 nice -n 10 bash experiments/full.sh        (twice, in two shells, for two cores)
#        bash experiments/full.sh --list                       (the queue and what is done)
# Stages:
#   1. lambda selection on a held-out tenth of Imagewoof's training set (--holdout 0.1, never val/), seed 1;
#      `python experiments/select_lambda.py` then writes experiments/runs/full/CHOSEN_LAMBDA.
#   2. the headline pair, lambda 0 and the chosen lambda, seeds 1-5, Imagewoof then Imagenette (needs CHOSEN_LAMBDA).
#   3. references, seeds 1-3: the timm ViT of the same size and the CNN of the same parameter count.
# Cost on this machine: about 27 training images/s per core, so one 20-epoch run takes about 2 core-hours.
set -uo pipefail
cd "$(dirname "$0")/.."
OUT=experiments/runs/full; EPOCHS=${EPOCHS:-20}; mkdir -p $OUT
SWEEP=(0 3e-3 1e-2 3e-2 1e-1)          # batch-mean lambdas; x 1/64 = the paper's sum-reduced 5e-5 .. 1.6e-3 at batch 64
queue() {
  for l in "${SWEEP[@]}"; do echo "sel-woof-lam$l-s1|--dataset imagewoof --holdout 0.1 --lam $l --seed 1"; done
  if [ -f $OUT/CHOSEN_LAMBDA ]; then
    local c; c=$(cat $OUT/CHOSEN_LAMBDA)
    for s in 1 2 3 4 5; do for d in woof nette; do
      echo "$d-lam0-s$s|--dataset image$d --lam 0 --seed $s"
      echo "$d-lam$c-s$s|--dataset image$d --lam $c --seed $s"
    done; done
  fi
  for s in 1 2 3; do for d in woof nette; do for a in vit_small cnn_small; do
    echo "$d-$a-s$s|--dataset image$d --arch $a --lam 0 --seed $s"
  done; done; done
}
if [ "${1:-}" = --list ]; then
  queue | while IFS='|' read -r name args; do
    st=todo; [ -d $OUT/$name.lock ] && st=running; [ -f $OUT/$name/summary.json ] && st=done
    echo "$st $name: arvit-train $args --epochs $EPOCHS"
  done; [ -f $OUT/CHOSEN_LAMBDA ] || echo "(the headline pairs join the queue once experiments/select_lambda.py has written $OUT/CHOSEN_LAMBDA)"
  exit 0
fi
while true; do
  picked=
  while IFS='|' read -r name args; do
    [ -f $OUT/$name/summary.json ] && continue
    mkdir $OUT/$name.lock 2>/dev/null || continue   # taken by the other lane
    picked=$name; break
  done < <(queue)
  [ -z "$picked" ] && { echo "nothing left to run"; exit 0; }
  d=$OUT/$picked; resume=(); [ -f $d/checkpoint.pth ] && resume=(--resume)
  OMP_NUM_THREADS=${OMP_NUM_THREADS:-1} arvit-train $args --epochs $EPOCHS --out $d "${resume[@]}" >> $d.log 2>&1 \
    && echo "done $d: $(python -c "import json; print(json.load(open('$d/summary.json'))['valid_accuracy'])")" \
    || echo "FAILED $d (see $d.log)"
  rmdir $OUT/$picked.lock
  [ -f $d/summary.json ] || exit 1   # a failure stops this lane rather than looping on it
done
