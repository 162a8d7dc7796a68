#!/usr/bin/env bash
# Issue #14, GPU table at the small preset: experiments/full.sh's own queue (same commands, same settings: 64 px,
# batch 64, one-cycle lr 1e-3, 20 epochs), run by many lanes at once on one device machine. A small model at batch 64
# keeps a GPU mostly idle, and each lane spends its time in Python, so lanes run side by side, one CPU core each.
# Order: the three rotation arms start first (they are the longest); the other lanes take the headline pairs (seeds
# 1-5), the Imagewoof pair at lr 5e-4 (seeds 1-3), the ViT and CNN references (seeds 1-3), and then the probes and
# fine-tunes of each finished rotation arm.
# Every 30 s, and at the end, the small files of every run (and a finished rotation arm's model.pth) are packed into
# OUTDIR/runs.tgz, so what finished comes back even if the device's time limit cuts the rest. A run cut mid-way keeps
# its checkpoint in RUNS, and full.sh resumes from a checkpoint; but see below: a second call did not find them intact.
# Data: .gpu/d96.tgz, both datasets as the 96 px squares memory_dls stores for 64 px (experiments/gpu_data.py):
#   python experiments/gpu_data.py ~/.fastai/data/imagewoof2-160 .gpu/d96/imagewoof2-160 96 75   (and imagenette2-160)
#   tar czf .gpu/d96.tgz -C .gpu d96
# The device image has torch, torchvision and timm but not fastai: .gpu/wheels as in experiments/gpu_paper.py.
# Measured on one H200 (experiments/runs/gpu_small/log.txt): 12 lanes + 3 rotation lanes ran at about 650 training
# images/s each (about 7,800 in all), so a 20-epoch run took about 350 s; in 470 s the first 12 headline runs (seeds
# 1-3) finished and the rotation arms reached epoch 17 of 30. A second call on the same warm machine could not resume:
# the first call's run folders had lost config.json (checkpoint.pth was still there). Plan on one call. (full.sh now
# moves such a folder aside and starts the run again, and this script stops opening lanes after 3 failed runs.)
# Usage (device, repository root): bash experiments/gpu_small.sh RUNS OUTDIR [LANES] [SECONDS] [ROT_EPOCHS]
#   carry .gpu/d96.tgz and .gpu/wheels; RUNS an ignored folder (e.g. .gpu/small_runs), OUTDIR the device's $OUT.
set -uo pipefail
cd "$(dirname "$0")/.."
RUNS=$1 OUTDIR=$2 LANES=${3:-12} LIMIT=${4:-540} ROT_EPOCHS=${5:-30}
start=$SECONDS
[ -d .gpu/d96 ] || tar xzf .gpu/d96.tgz -C .gpu
python3 -c "import fastai" 2>/dev/null || python3 -m pip install -q --no-deps --no-index .gpu/wheels/*.whl
bin=$PWD/.gpu/bin; mkdir -p "$bin" "$RUNS"
for c in train pretrain transfer; do   # the console scripts, as pip writes them, without installing arvit (a file:
  # fastcore's call_parse reads sys.argv only when called from a module, which `python -c` is not)
  printf '#!/usr/bin/env python3\nimport sys\nfrom arvit.cli import arvit_%s\nsys.exit(arvit_%s())\n' $c $c > "$bin/arvit-$c"; chmod +x "$bin/arvit-$c"
done
export PATH=$bin:$PATH PYTHONPATH=$PWD RUNS ROT_EPOCHS ROT_WORKERS=3 EPOCHS=${EPOCHS:-20} TRANSFER_EPOCHS=${TRANSFER_EPOCHS:-10}
export ARVIT_DATA=$PWD/.gpu/d96 FASTAI_HOME=$PWD/.gpu/fastai_home MPLBACKEND=Agg
cp experiments/runs/full/CHOSEN_LAMBDA "$RUNS/"
rmdir "$RUNS"/*.lock 2>/dev/null   # left by lanes that an earlier call's time limit stopped
nvidia-smi --query-gpu=name,memory.total --format=csv,noheader
python3 -c "from arvit.cli import dataset_and_names; dataset_and_names('imagewoof+imagenette', 160)"   # the union, once
pack() {
  (cd "$RUNS" && find . -maxdepth 2 \( -name '*.json' -o -name '*.csv' -o -name '*.log' -o -name CHOSEN_LAMBDA -o -name "lane-*.out" \
     -o -path './rot-union-*/model.pth' \) -print0 | tar czf "$OUTDIR/runs.tgz.tmp" --null -T -) && mv "$OUTDIR/runs.tgz.tmp" "$OUTDIR/runs.tgz"
}
pids=()
for arm in lam0 paper vit_small; do
  ONLY="^rot-union-$arm-s1\$|^(woof|nette)-(probe|finetune)-" setsid bash experiments/full.sh > "$RUNS/lane-rot-$arm.out" 2>&1 & pids+=($!)
done
n=0
while (( SECONDS - start < LIMIT )); do
  live=0; for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && live=$((live+1)); done
  todo=$(ONLY='^(woof|nette)-' bash experiments/full.sh --list | grep -c '^todo')
  [ "$live" -eq 0 ] && [ "$todo" -eq 0 ] && break
  fails=$(cat "$RUNS"/lane-*.out 2>/dev/null | grep -c '^FAILED')   # a run that fails at once would churn lanes until the limit
  if (( fails >= 3 )); then
    [ -n "${stopped:-}" ] || echo "$fails runs failed (see $RUNS/*.log): no new lanes"; stopped=1
    (( live == 0 )) && break; todo=0
  fi
  if (( live < LANES + 3 && todo > 0 )); then   # a lane per free slot, while there are runs no lane has taken
    n=$((n+1)); ONLY='^(woof|nette)-' setsid bash experiments/full.sh > "$RUNS/lane-$n.out" 2>&1 & pids+=($!); sleep 2; continue
  fi
  pack; sleep 30
done
for p in "${pids[@]}"; do kill -- -"$p" 2>/dev/null; done   # each lane is its own process group (setsid)
sleep 3; pack
ls "$RUNS"/*/summary.json 2>/dev/null | wc -l | xargs echo "finished runs:"
for f in "$RUNS"/*/summary.json; do [ -f "$f" ] || continue; python3 -c "import json,sys; s=json.load(open(sys.argv[1])); print(sys.argv[1].split('/')[-2], round(s['valid_accuracy']*100, 1), s.get('train_images_per_s'))" "$f"; done
