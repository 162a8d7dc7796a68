"""Issue #15: reproduce the collapse of `arvit-train --dataset imagenette --epochs 15 --lam 1e-3 --layers 1` and log,
per training batch, the task's and the Distance Loss's gradient norms, layer 1's attention entropy and l_X
(`LossDiagnostics`). The schedule is the 15-epoch one-cycle; the run stops after `--stop` epochs, past the collapse.
--reference replays the issue's own path (JPEG files, nn.Dropout): with seed 42 it is the issue's run, batch for batch.
Issue #40 replays an Imagewoof run of the 20-epoch recipe that fell (full/woof-lam0.003-s1, epoch 5) the same way:
--dataset imagewoof --epochs 20 --lr 1e-3 --lam 3e-3 --seed 1 --stop 7, on the recipe's own path (memory, FastDropout).
Usage: OMP_NUM_THREADS=1 nice -n 10 python experiments/collapse_diag.py OUT [--lam 1e-3] [--stop 9] [--reference]
       [--dataset imagenette] [--epochs 15] [--lr 1e-3] [--seed 42]"""
import argparse, dataclasses, json, warnings
from pathlib import Path
from fastai.vision.all import Callback, CancelFitException
from arvit.cli import RunConfig, build, RunFolder
from arvit.callback import LossDiagnostics, WarnOnCollapse
from arvit.utils import atomic_write_text

p = argparse.ArgumentParser()
p.add_argument('out'); p.add_argument('--lam', type=float, default=1e-3); p.add_argument('--seed', type=int, default=42)
p.add_argument('--stop', type=int, default=9); p.add_argument('--epochs', type=int, default=15)
p.add_argument('--reference', action='store_true')
p.add_argument('--dataset', default='imagenette'); p.add_argument('--lr', type=float, default=1e-3)
a = p.parse_args()
out = Path(a.out)
if (out/'summary.json').is_file(): raise SystemExit(f'skip {out}: finished')
out.mkdir(parents=True, exist_ok=True)
cfg = RunConfig(task='classify', dataset=a.dataset, out=str(out), epochs=a.epochs, lr=a.lr, lam=a.lam, seed=a.seed, memory=not a.reference, fast_dropout=not a.reference)
learn = build(cfg)
if a.lam == 0: learn.attention.train = True   # capture layer 1 in training too, so LossDiagnostics reads its attention (the loss adds 0)
atomic_write_text(out/'config.json', json.dumps(dict(dataclasses.asdict(cfg), stop_after=a.stop), indent=2))
rec = learn.attention_distance_recorder; rec.fname = 'attention_history.csv'; learn.path, learn.model_dir = out, '.'

class StopAfter(Callback):
    order = 100
    def after_epoch(self):
        if self.epoch + 1 >= a.stop: raise CancelFitException

warnings.simplefilter('always')
learn.add_cbs([RunFolder(out), LossDiagnostics(fname=out/'diagnostics.csv'), WarnOnCollapse(), StopAfter()])
learn.fit_one_cycle(cfg.epochs, cfg.lr)
atomic_write_text(out/'summary.json', json.dumps(dict(collapses=learn.warn_on_collapse.events, epochs_run=a.stop), indent=2))
