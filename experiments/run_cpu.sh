#!/usr/bin/env bash
# The CPU-scale experiments of nbs/13_experiments.ipynb: every command that produced experiments/runs/.
# Run from the repository root with the venv active and ARVIT_DATA set:  bash experiments/run_cpu.sh
# Runs go in rounds of seeds (every setting gets seed 1, then every setting seed 2, ...), so a stopped script leaves
# settings with equal numbers of seeds; a finished run (summary.json present) is skipped when the script runs again.
set -euo pipefail
OUT=${OUT:-experiments/runs/archive/grid1000}   # superseded by full.sh; kept as the archive
SEEDS=${SEEDS:-"1 2 3"}                 # every row
HEADLINE_SEEDS=${HEADLINE_SEEDS:-"4 5"}  # extra seeds for the headline pair (ARViT with vs without the loss)
SCALE="--size 64 --subset 100 --valid-subset 30 --bs 64 --workers 2"
EPOCHS=5
mkdir -p "$OUT"
# one run: name, command, args. Skipped when it has finished before; a failed run is reported and the script goes on.
run() {
  local name=$1 cmd=$2; shift 2
  [ -f "$OUT/$name/summary.json" ] && return 0
  rm -rf "$OUT/$name"
  if $cmd $SCALE --epochs $EPOCHS --out "$OUT/$name" "$@" > "$OUT/$name.log" 2>&1; then echo "done $name"; else echo "FAILED $name (see $OUT/$name.log)"; fi
}
headline() {
  local s=$1
  run woof_arvit_lam0_s$s       arvit-train --dataset imagewoof --lam 0 --seed $s
  run woof_arvit_L1_1e-3_s$s    arvit-train --dataset imagewoof --lam 1e-3 --layers 1 --seed $s
}
for s in $SEEDS; do
  headline $s
  # a ViT of the same width, depth, heads and token count (timm)
  run woof_vit_s$s              arvit-train --dataset imagewoof --arch vit_small --lam 0 --seed $s
  # rotation pre-training on the same training images (paper: layer 2 = our 1, lambda 1e-3, beta 500), then a linear
  # probe (frozen body, new head) on the labels
  # --lr 1e-3: the rate these runs used (arvit-pretrain's default became 1e-4 with #14)
  run woof_pre_lam0_s$s         arvit-pretrain --dataset imagewoof --lam 0 --lr 1e-3 --seed $s
  run woof_probe_lam0_s$s       arvit-transfer "$OUT/woof_pre_lam0_s$s" --dataset imagewoof --mode probe --seed $s
  run woof_pre_L1_s$s           arvit-pretrain --dataset imagewoof --lam 1e-3 --layers 1 --beta 500 --lr 1e-3 --seed $s
  run woof_probe_L1_s$s         arvit-transfer "$OUT/woof_pre_L1_s$s" --dataset imagewoof --mode probe --seed $s
  run woof_pre_vit_s$s          arvit-pretrain --dataset imagewoof --arch vit_small --lam 0 --lr 1e-3 --seed $s
  run woof_probe_vit_s$s        arvit-transfer "$OUT/woof_pre_vit_s$s" --dataset imagewoof --arch vit_small --mode probe --seed $s
  # where the loss goes, and how strong it is
  run woof_arvit_L0_1e-3_s$s    arvit-train --dataset imagewoof --lam 1e-3 --layers 0 --seed $s
  run woof_arvit_L4_1e-3_s$s    arvit-train --dataset imagewoof --lam 1e-3 --layers 4 --seed $s
  run woof_arvit_all_1e-3_s$s   arvit-train --dataset imagewoof --lam 1e-3 --layers all --seed $s
  run woof_arvit_L1_1e-2_s$s    arvit-train --dataset imagewoof --lam 1e-2 --layers 1 --seed $s
  # the easier dataset
  run nette_arvit_lam0_s$s      arvit-train --dataset imagenette --lam 0 --seed $s
  run nette_arvit_L1_1e-3_s$s   arvit-train --dataset imagenette --lam 1e-3 --layers 1 --seed $s
  run nette_vit_s$s             arvit-train --dataset imagenette --arch vit_small --lam 0 --seed $s
done
for s in $HEADLINE_SEEDS; do headline $s; done
