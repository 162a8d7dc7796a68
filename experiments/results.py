"""What the results chapters (nbs/13*_*.ipynb) share: every finished run as one table in the chapters' terms (setting,
folder, scale, layer distances), the chosen lambda, and paired comparisons with a sign test. Lab code, not library:
a chapter imports it with `sys.path.insert(0, '../experiments'); from results import *` and calls `setup()`."""
import json, re
from pathlib import Path
import pandas as pd
from scipy.stats import binomtest
from arvit.utils import paired_difference

RUNS = Path(__file__).parent/'runs'
FULL = RUNS/'full'
GRID = 'archive/grid1000'   # the first grid, 1,000 training images, superseded by full/
# each folder's data and device; a run's `scale` adds its own number of epochs (full/ holds 20-epoch and 10-epoch runs)
SCALES = {GRID: '1,000 images', 'stability': 'full data', 'full': 'full data', 'gpu': 'paper preset, 256 px, GPU, lr 1e-3',
          'gpu_lr1e-4': 'paper preset, 256 px, GPU, lr 1e-4', 'rotation_lr': 'rotation pretext, 3,000 images', 'gpu_small': 'full data, GPU'}
runs = None   # the table `setup` loads, which `matched`, `pair` and `pairs` read

def load_runs(root=RUNS):
    "One row per finished run folder of each subfolder in `SCALES`"
    rows = []
    for sub in SCALES:
        for s in sorted((root/sub).glob('*/summary.json')):
            d = s.parent; cfg = json.loads((d/'config.json').read_text()); sm = json.loads(s.read_text())
            if cfg.get('stop_after'): continue   # a replay cut short on purpose (13b_stability), not a finished run
            rows.append(dict(setting=f"{sub}/{re.sub(r'[-_]s[0-9]+$', '', d.name)}", seed=cfg['seed'], folder=sub,
                             scale=f"{SCALES[sub]}, {sm['epochs']} epochs",
                             dir=d, task=cfg['task'], dataset=cfg['dataset'], arch=cfg['arch'], lam=cfg['lam'],
                             layers=cfg['layers'], reduction=cfg.get('reduction', 'sum'), beta=cfg['beta'],
                             holdout=cfg.get('holdout'), lr=cfg['lr'], epochs=sm['epochs'], accuracy=sm['valid_accuracy']*100,
                             minutes=sm['wall_time_s']/60,
                             **{f'L{l}': v for l, v in sm.get('distance_px_by_layer', {}).items()}))
    return pd.DataFrame(rows)

def metrics(d): return pd.read_csv(Path(d)/'metrics.csv')

def chosen_lambda()->float|None:
    "The headline's lambda, chosen on held-out images by experiments/select_lambda.py"
    return float((FULL/'CHOSEN_LAMBDA').read_text()) if (FULL/'CHOSEN_LAMBDA').exists() else None

def setup():
    "(runs, short, chosen): every finished run, the fine-tunes' 10-epoch controls from scratch, and the chosen lambda"
    global runs
    runs = load_runs()
    # the fine-tunes' controls: from scratch on the fine-tune's shorter schedule, compared with the fine-tunes, not with the 20-epoch runs
    short = runs[runs.setting.str.fullmatch(r'full/(woof|nette)-scratch-e[0-9]+')]
    return runs, short, chosen_lambda()

def matched(a, b):
    """The runs of setting `a` and of setting `b` that share a seed, one row per pair (accuracies `a`, `b` and folders
    `dir_a`, `dir_b`). `a` and `b` may be lists of settings, zipped: pairs from several folders (devices) pooled, each
    pair within one folder: a seed's runs on two devices start from the same weights but draw different augmentations
    and dropout masks"""
    def of(s): return runs.loc[runs.setting == s, ['seed', 'accuracy', 'dir']]
    m = pd.concat([of(sa).merge(of(sb), on='seed', suffixes=('_a', '_b')).sort_values('seed').assign(setting=sa)
                   for sa, sb in zip(*([s] if isinstance(s, str) else s for s in (a, b)))], ignore_index=True)
    return m.rename(columns={'accuracy_a': 'a', 'accuracy_b': 'b'})[['setting', 'seed', 'a', 'b', 'dir_a', 'dir_b']]

def pair(a, b, what):
    "Setting `a` minus setting `b` over their `matched` pairs: mean and 95% interval (Student t), in points"
    m = matched(a, b)
    if m.empty: return dict(comparison=what, pairs=0)
    x, y = m.a.to_numpy(), m.b.to_numpy(); d = x - y; p = paired_difference(x, y) if len(d) > 1 else None
    return {'comparison': what, 'pairs': len(d), 'A (mean %)': x.mean(), 'B (mean %)': y.mean(), 'A - B': d.mean(),
            '95% interval': f"{p['lo']:+.1f} to {p['hi']:+.1f}" if p else 'needs 2 pairs', 'A > B': f'{(d > 0).sum()} of {len(d)}',
            'sign test p': binomtest(int((d > 0).sum()), len(d)).pvalue,   # two-sided: how often a fair coin splits as evenly or less
            'per pair': ' '.join(f'{v:+.1f}' for v in d), 'lo': p['lo'] if p else float('nan'), 'hi': p['hi'] if p else float('nan')}

def pairs(rows, numbers:bool=False):
    "A table of `pair`s; `numbers` keeps the interval's ends unrounded (`lo`, `hi`), for `arvit.runs.verdict`"
    t = pd.DataFrame([pair(*r) for r in rows]).set_index('comparison').round({'A (mean %)': 1, 'B (mean %)': 1, 'A - B': 1, 'sign test p': 2})
    return t if numbers else t.drop(columns=['lo', 'hi'], errors='ignore')
