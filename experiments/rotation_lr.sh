#!/usr/bin/env bash
# Issue #14, stage 4's question first: can the rotation pretext be learnt at this scale, and at which learning rate?
# Every committed rotation run so far ended at chance (25-29% 4-way, training loss above ln 4), at lr 1e-3.
# A short probe on 300 Imagewoof images per class (3,000; 50 per class of val, each in four rotations), 8 epochs,
# 64 px, seed 1: the ARViT at lr 1e-3 (the default until then) and 1e-4 (the authors'), and the timm ViT of the same
# size at 1e-4 (stage 4's third arm). The CNN reference is refused by arvit-pretrain (its body cannot be transferred).
# Resumable: finished runs (summary.json) are skipped. About 10-15 minutes per run on one core.
# Usage: nice -n 10 bash experiments/rotation_lr.sh
set -uo pipefail
cd "$(dirname "$0")/.."
OUT=experiments/runs/rotation_lr; mkdir -p $OUT
COMMON="--dataset imagewoof --subset 300 --valid-subset 50 --epochs 8 --seed 1 --lam 0"
for arm in "small-lr1e-3|--arch small --lr 1e-3" "small-lr1e-4|--arch small --lr 1e-4" "vit_small-lr1e-4|--arch vit_small --lr 1e-4"; do
  name=${arm%%|*}; d=$OUT/$name
  [ -f $d/summary.json ] && continue
  # shellcheck disable=SC2086
  OMP_NUM_THREADS=${OMP_NUM_THREADS:-1} arvit-pretrain $COMMON ${arm#*|} --out $d >> $d.log 2>&1 \
    && echo "done $d: $(python -c "import json; print(json.load(open('$d/summary.json'))['valid_accuracy'])")" \
    || { echo "FAILED $d (see $d.log)"; exit 1; }
done
