"""Issue #40, step 3: choose the default lambda from the held-out sweep of experiments/recipe.sh (peak lr 5e-4, a tenth
of Imagewoof's training images held out, never val/). The rule: the largest lambda whose held-out accuracy is within
noise of lambda = 0, i.e. whose 95% interval paired by seed against lambda = 0 includes zero or lies above it. Refuses
while a lambda of the sweep has fewer than SEEDS finished seeds. Writes experiments/runs/recipe/selection.csv (every
lambda: seeds, held-out accuracy, its paired difference and interval, layer 1's distance) and CHOSEN_LAMBDA, which
adds the headline runs to recipe.sh's queue.   Usage: python experiments/recipe_lambda.py"""
import sys
from pathlib import Path
import pandas as pd
from arvit.runs import load_runs, arm_runs, compare

OUT = Path(__file__).parent/'runs'/'recipe'; LR = '5e-4'; SEEDS = 3
SWEEP = [0, 0.003, 0.01, 0.03, 0.1, 0.3]
name = lambda lam: f'woof-holdout-lr{LR}-lam{lam:g}'

def selection(runs)->pd.DataFrame:
    rows = []
    for lam in SWEEP:
        r = arm_runs(runs, name(lam)); row = dict(lam=lam, seeds=len(r), accuracy=r.accuracy.mean(), std=r.accuracy.std(),
                                                  layer1_px=r.layer1_px.mean(), worst_fall=r.worst_fall.max())
        if lam and len(r) >= 2: c = compare(runs, name(lam), name(0)); row.update(diff=c['mean'], lo=c['lo'], hi=c['hi'])
        rows.append(row)
    return pd.DataFrame(rows).set_index('lam')

if __name__ == '__main__':
    tab = selection(load_runs(OUT))
    if (short := tab[tab.seeds < SEEDS]).size: sys.exit(f"not yet: lambdas {list(short.index)} have fewer than {SEEDS} finished seeds; run experiments/recipe.sh.")
    tab.to_csv(OUT/'selection.csv')
    ok = tab[(tab.index > 0) & (tab.hi >= 0)]
    if ok.empty: sys.exit(f"every lambda costs accuracy beyond seed noise:\n{tab.round(2)}\nchoose the default by hand and say why.")
    chosen = ok.index.max(); (OUT/'CHOSEN_LAMBDA').write_text(f'{chosen:g}\n')
    print(tab.round(2).to_string()); print(f"chosen: lambda {chosen:g} (layer 1 at {tab.layer1_px[chosen]:.1f} px against {tab.layer1_px[0]:.1f})")
