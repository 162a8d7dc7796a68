"""Issue #14, GPU table: the paper preset (256 px, 16 px patches, width 516, 12 heads) on the device machine.
Runs the arms below in order, in this process, through arvit.cli.run (the same code as arvit-train/-pretrain/
-transfer), and after each finished run packs every finished run's small files into OUT/runs.tgz, so what finished
comes back even if the device's time limit cuts the rest. TF32 matmuls (torch's 'high' precision) as on any Ampere+
GPU; everything else is arvit's defaults. Data: a folder made by experiments/gpu_data.py (the upload cap is 64 MiB).
Usage: python experiments/gpu_paper.py DATA_FOLDER OUT [EPOCHS] [LR] [ARM,ARM,...]
experiments/runs/gpu/ used EPOCHS 20 and LR 1e-3, arvit's default, and both ARViT arms diverged; the authors' launch
script (distance_based/launch-ARViT2D.py) trains this model at 1e-4, which experiments/runs/gpu_lr1e-4/ used for
the three supervised arms (lambda 0, the chosen lambda of experiments/runs/full/CHOSEN_LAMBDA, the ViT):
    python experiments/gpu_paper.py DATA OUT 20 1e-4 woof-paper-lam0-s1,woof-paper-chosen-s1,woof-vit_paper-s1
Issue #41's priors at the paper's size, beside that run's lambda-0 arm (same lr); unpack OUT/runs.tgz into
experiments/runs/gpu_priors/ with the script's output as log.txt there (its first line names the GPU), as 13e_priors reads:
    python experiments/gpu_paper.py DATA OUT 20 1e-4 woof-paper_distbias-s1,woof-paper_convstem-s1,woof-paper_gpsa-s1,woof-paper_spt_lsa-s1
How that second run travelled (the device's image has torch, torchvision and timm, but not fastai, and Python 3.12):
  here:  python experiments/gpu_data.py ~/.fastai/data/imagewoof2-160 .gpu/woof && tar czf .gpu/woof.tgz -C .gpu woof
         (one archive: 13,000 small files count for more than their bytes against the 64 MiB upload)
         pip download --no-deps --only-binary=:all: --python-version 3.12 --platform manylinux2014_x86_64 -d .gpu/wheels \
           fastai fastcore fastdownload fastprogress fasttransform plum-dispatch beartype python-fasthtml and the rest
           of python-fasthtml's requirements that the image lacks, at the versions installed here (`.gpu/` is ignored)
  there: tar xzf .gpu/woof.tgz -C .gpu; python3 -m pip install --no-deps --no-index .gpu/wheels/*.whl;
         PYTHONPATH=$PWD python3 experiments/gpu_paper.py .gpu/woof $OUT 20 1e-4 ARMS   (carry .gpu/woof.tgz, .gpu/wheels)"""
import sys, tarfile, time
from pathlib import Path
import torch
from fastai.callback.progress import ProgressCallback
from fastai.vision.all import defaults
from arvit.cli import RunConfig, run

data, out = sys.argv[1], Path(sys.argv[2]); epochs = int(sys.argv[3]) if len(sys.argv) > 3 else 20
lr = float(sys.argv[4]) if len(sys.argv) > 4 else 1e-3
chosen = float((Path(__file__).parent/'runs/full/CHOSEN_LAMBDA').read_text())   # batch-mean, from the held-out sweep
torch.set_float32_matmul_precision('high')
defaults.callbacks = [c for c in defaults.callbacks if c is not ProgressCallback]   # metrics.csv has every epoch; no bar
common = dict(dataset=data, size=256, bs=64, seed=1, epochs=epochs, lr=lr)
ARMS = [('woof-paper-lam0-s1', dict(task='classify', arch='paper', lam=0.)),
        ('woof-paper-lam1e-2-s1', dict(task='classify', arch='paper', lam=1e-2)),             # the default: batch mean
        ('woof-paper-chosen-s1', dict(task='classify', arch='paper', lam=chosen)),
        ('woof-vit_paper-s1', dict(task='classify', arch='vit_paper', lam=0.)),
        ('rot-paper-lam1e-3-sum-b500-s1', dict(task='rotation', arch='paper', lam=1e-3, reduction='sum', beta=500.)),
        ('rot-paper-lam0-s1', dict(task='rotation', arch='paper', lam=0.)),
        ('probe-paper-lam1e-3-sum-b500-s1', dict(task='transfer', arch='paper', lam=0., pretrained='rot-paper-lam1e-3-sum-b500-s1')),
        ('probe-paper-lam0-s1', dict(task='transfer', arch='paper', lam=0., pretrained='rot-paper-lam0-s1'))]
ARMS += [(f'woof-{a}-s1', dict(task='classify', arch=a, lam=0.))   # issue #41: the locality priors at the paper's size
         for a in ('paper_distbias', 'paper_convstem', 'paper_gpsa', 'paper_spt_lsa')]
if len(sys.argv) > 5:
    names = sys.argv[5].split(','); unknown = set(names) - {n for n, _ in ARMS}
    if unknown: sys.exit(f"unknown arms {sorted(unknown)}: choose from {', '.join(n for n, _ in ARMS)}")
    ARMS = [a for a in ARMS if a[0] in names]
runs = out/'runs'
print(torch.cuda.get_device_name() if torch.cuda.is_available() else 'no GPU', flush=True)
for name, kw in ARMS:
    cfg = {**common, **kw, 'out': str(runs/name)}
    if cfg.get('pretrained'): cfg['pretrained'] = str(runs/cfg['pretrained'])
    t = time.time(); s = run(RunConfig(**cfg))
    print(f"{name}: accuracy {s['valid_accuracy']:.4f}, {time.time() - t:.0f} s, {s['train_images_per_s']} img/s", flush=True)
    with tarfile.open(out/'runs.tgz.tmp', 'w:gz') as tf:
        for f in sorted(runs.glob('*/*')):
            if f.suffix in ('.json', '.csv'): tf.add(f, arcname=f.relative_to(runs))
    (out/'runs.tgz.tmp').rename(out/'runs.tgz')
