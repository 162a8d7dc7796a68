#!/usr/bin/env bash
# The CPU-scale experiments of nbs/13_experiments.ipynb: every command that produced experiments/runs/.
# Imagewoof (faithful copy) at 64 px, 100 training images per breed, all 3,929 validation images... see SCALE below.
# Run from the repository root with the venv active and ARVIT_DATA set:  bash experiments/run_cpu.sh
set -euo pipefail
OUT=${OUT:-experiments/runs}
SCALE="--size 64 --subset 100 --valid-subset 30 --bs 64 --workers 2"
EPOCHS=5
run() { local name=$1; shift; [ -f "$OUT/$name/summary.json" ] && return 0; rm -rf "$OUT/$name"; arvit-train $SCALE --epochs $EPOCHS --out "$OUT/$name" "$@" > "$OUT/$name.log" 2>&1 || { echo "FAILED $name"; return 1; }; echo "done $name"; }
mkdir -p "$OUT"
for seed in 1 2 3; do
  run woof_arvit_lam0_s$seed      --dataset imagewoof --lam 0 --seed $seed
  run woof_arvit_L1_1e-3_s$seed   --dataset imagewoof --lam 1e-3 --layers 1 --seed $seed
done
for seed in 1 2 3; do
  run woof_vit_s$seed             --dataset imagewoof --arch vit_small --lam 0 --seed $seed
done
# rotation pre-training (paper: layer 2 = our 1, lambda 1e-3, beta 500) then a linear probe on the labels
for seed in 1 2; do
  for cfg in "lam0:--lam 0" "L1:--lam 1e-3 --layers 1 --beta 500"; do
    name=${cfg%%:*}; args=${cfg#*:}
    pre=woof_pre_${name}_s$seed
    if [ ! -f "$OUT/$pre/summary.json" ]; then rm -rf "$OUT/$pre"; arvit-pretrain $SCALE --epochs $EPOCHS --dataset imagewoof $args --seed $seed --out "$OUT/$pre" > "$OUT/$pre.log" 2>&1; echo "done $pre"; fi
    probe=woof_probe_${name}_s$seed
    if [ ! -f "$OUT/$probe/summary.json" ]; then rm -rf "$OUT/$probe"; arvit-transfer "$OUT/$pre" $SCALE --epochs $EPOCHS --dataset imagewoof --mode probe --seed $seed --out "$OUT/$probe" > "$OUT/$probe.log" 2>&1; echo "done $probe"; fi
  done
done
for seed in 1 2; do
  run woof_arvit_all_1e-3_s$seed  --dataset imagewoof --lam 1e-3 --layers all --seed $seed
  run woof_arvit_L1_1e-2_s$seed   --dataset imagewoof --lam 1e-2 --layers 1 --seed $seed
done
for seed in 1 2; do
  run nette_arvit_lam0_s$seed     --dataset imagenette --lam 0 --seed $seed
  run nette_arvit_L1_1e-3_s$seed  --dataset imagenette --lam 1e-3 --layers 1 --seed $seed
done
