"""Issue #40, step 3: choose the default lambda from the held-out sweep of experiments/recipe.sh (peak lr 5e-4, a tenth
of Imagewoof's training images held out, never val/). The rule: the largest lambda whose held-out accuracy is within
noise of lambda = 0, i.e. whose 95% interval paired by seed against lambda = 0 includes zero or lies above it. The
rule is read from the largest lambda down, so it is decided once lambda 0 and every lambda from the largest down to
the first that passes have SEEDS finished seeds; the smaller ones cannot change it (they fill in the frontier). Writes
experiments/runs/recipe/selection.csv (every lambda with runs: seeds, held-out accuracy, its paired difference and
interval, layer 1's distance) and, once decided, CHOSEN_LAMBDA, which adds the headline runs to recipe.sh's queue.
Usage: python experiments/recipe_lambda.py"""
import sys
from pathlib import Path
import pandas as pd
from arvit.runs import load_runs, arm_runs, compare, verdict

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

def choose(tab:pd.DataFrame):
    "The rule, from the largest lambda down: (chosen lambda or None, why)."
    if tab.seeds[0] < SEEDS: return None, f"lambda 0 has {tab.seeds[0]} of {SEEDS} seeds"
    for lam in sorted(tab.index[tab.index > 0], reverse=True):
        if tab.seeds[lam] < SEEDS: return None, f"lambda {lam:g} decides next and has {tab.seeds[lam]} of {SEEDS} seeds"
        if verdict(tab.loc[lam]) != 'behind': return lam, f"the largest lambda whose paired interval against 0 reaches zero ({tab.lo[lam]:+.1f} to {tab.hi[lam]:+.1f})"
    return None, "every lambda costs accuracy beyond seed noise: choose the default by hand and say why"

if __name__ == '__main__':
    tab = selection(load_runs(OUT))   # every lambda of the sweep, with 0 seeds where none has finished
    tab[tab.seeds > 0].to_csv(OUT/'selection.csv'); print(tab[tab.seeds > 0].round(2).to_string())
    chosen, why = choose(tab)
    if chosen is None: sys.exit(f"not decided: {why}.")
    (OUT/'CHOSEN_LAMBDA').write_text(f'{chosen:g}\n')
    print(f"chosen: lambda {chosen:g}, {why}; layer 1 at {tab.layer1_px[chosen]:.1f} px against {tab.layer1_px[0]:.1f}")
