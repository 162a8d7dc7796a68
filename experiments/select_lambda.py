"""Issue #14, stage 1: choose the headline lambda from the selection runs of experiments/full.sh, which validate on a
held-out tenth of Imagewoof's training images (never on val/). Writes experiments/runs/full/selection.csv and
CHOSEN_LAMBDA: the lambda > 0 with the best held-out accuracy (lambda = 0 is listed for reference). Refuses to choose
while a selection run is missing.  Usage: python experiments/select_lambda.py"""
import json, subprocess, sys
from pathlib import Path
import pandas as pd

here = Path(__file__).parent; out = here/'runs'/'full'
# the selection runs the queue defines (not only those started): a sweep with a run never begun is not complete
listing = subprocess.run(['bash', str(here/'full.sh'), '--list'], capture_output=True, text=True, check=True).stdout.split('\n')
names = [l.split()[1].rstrip(':') for l in listing if len(l.split()) > 1 and l.split()[1].startswith('sel-')]
rows, missing = [], []
for d in (out/n for n in names):
    if not (d/'summary.json').is_file(): missing.append(d.name); continue
    cfg, s = json.loads((d/'config.json').read_text()), json.loads((d/'summary.json').read_text())
    assert cfg['holdout'] == 0.1, f'{d} was not validated on the held-out training images'
    rows.append(dict(run=d.name, lam=cfg['lam'], epochs=cfg['epochs'], holdout_accuracy=s['valid_accuracy'],
                     layer1_px=s['distance_px_by_layer'].get('1')))
if missing or len(rows) < 2: sys.exit(f"not yet: {len(rows)} selection runs finished, missing {missing or 'all'}; run experiments/full.sh first.")
tab = pd.DataFrame(rows).sort_values('lam')
tab.to_csv(out/'selection.csv', index=False)
best = tab[tab.lam > 0].sort_values('holdout_accuracy').iloc[-1]
(out/'CHOSEN_LAMBDA').write_text(f"{best.lam:g}\n")
print(tab.to_string(index=False)); print(f"chosen lambda: {best.lam:g} (held-out accuracy {best.holdout_accuracy:.4f})")
