"""The home page's results, computed from the run folders in experiments/runs: a few sentences and a small table
(`results_block`), the figure beside them (`draw_figure`), and what the main job gave with today's defaults
(`mainjob_block`). `python tools/docs_site.py --readme` writes them into nbs/index.ipynb and README.md;
tests/test_site.py fails when the committed text differs from what the runs give."""
from __future__ import annotations
import json, re
from pathlib import Path
import pandas as pd
from arvit.runs import load_runs, arm_table, compare, arm_runs

DATASETS = {'Imagewoof': 'woof', 'Imagenette': 'nette'}
LAM = '0.003'   # the headline's lambda (batch mean), chosen on held-out images by experiments/select_lambda.py
ARMS = {'ARViT': 'full/{d}-lam0', f'ARViT + Distance Loss, λ = {float(LAM):g}': f'full/{{d}}-lam{LAM}',
        'timm ViT, same size': 'full/{d}-vit_small', 'CNN, same parameter count': 'full/{d}-cnn_small'}
# the figure: layer by layer, the recipe's sweep at seed 1 (peak lr 5e-4, 20 epochs): plain, a weak lambda and the default
FIGURE = {'λ = 0': 'recipe/woof-holdout-lr5e-4-lam0-s1', 'λ = 0.03': 'recipe/woof-holdout-lr5e-4-lam0.03-s1', 'λ = 0.1 (the default)': 'recipe/woof-holdout-lr5e-4-lam0.1-s1'}
RECIPE = 'recipe/woof-holdout-lr5e-4-lam{lam:g}'   # experiments/recipe.sh: the lambda sweep on a held-out tenth of Imagewoof's training images

def recipe_lambda(runs_root)->tuple:
    "(lambda, is it the default): the rule's choice (experiments/recipe_lambda.py), or the sweep's strong 0.1 until it has chosen"
    f = Path(runs_root)/'recipe'/'CHOSEN_LAMBDA'
    return (float(f.read_text()), True) if f.is_file() else (0.1, False)

START, END = '<!-- results: computed from experiments/runs by tools/readme_results.py -->', '<!-- /results -->'

def md_table(df:pd.DataFrame)->str:
    "A DataFrame as a markdown table, index first"
    cols = [df.index.name or ''] + list(df.columns)
    rows = [[str(i)] + [str(v) for v in r] for i, r in zip(df.index, df.itertuples(index=False))]
    return '\n'.join('| ' + ' | '.join(r) + ' |' for r in [cols, ['---']*len(cols)] + rows)

def _interval(c): return f"{c['mean']:+.1f} points (95% interval {c['lo']:+.1f} to {c['hi']:+.1f}, {c['n']} paired seeds)"

def results_block(runs_root)->str:
    "The sentences and the table of the home page's results, from the run folders under `runs_root`"
    runs = load_runs(runs_root)
    c = {n: compare(runs, ARMS[list(ARMS)[1]].format(d=d), ARMS['ARViT'].format(d=d)) for n, d in DATASETS.items()}
    zero = all(x['lo'] <= 0 <= x['hi'] for x in c.values())
    px = {k: arm_runs(runs, ARMS[k].format(d='woof')).layer1_px.mean() for k in list(ARMS)[:2]}
    lam, default = recipe_lambda(runs_root)   # the recipe's sweep on held-out images: the default, or its strong lambda until chosen
    rec = compare(runs, RECIPE.format(lam=lam), RECIPE.format(lam=0))
    rpx = {l: arm_runs(runs, RECIPE.format(lam=l)).layer1_px.mean() for l in (0, lam)}
    cnn = {n: compare(runs, ARMS['CNN, same parameter count'].format(d=d), ARMS['ARViT'].format(d=d)) for n, d in DATASETS.items()}
    text = (f"Trained from scratch for 20 epochs on 64-px images at a peak learning rate of 1e-3, the Distance Loss at "
            f"λ = {float(LAM):g} (chosen on held-out images, one seed per λ) changed top-1 accuracy by {_interval(c['Imagewoof'])} on Imagewoof and by {_interval(c['Imagenette'])} "
            f"on Imagenette{': neither interval rules out zero' if zero else ''}. "
            f"That λ barely moves layer 1's mean attention distance ({px['ARViT']:.1f} to {px[list(ARMS)[1]]:.1f} px on Imagewoof); "
            f"at a stabler peak learning rate (5e-4), λ = {lam:g}{' (the default, chosen on held-out images with three seeds per λ)' if default else ''} takes it from {rpx[0]:.1f} to "
            f"{rpx[lam]:.1f} px and changes accuracy on held-out Imagewoof images by {_interval(rec)}. "
            f"A CNN with the same parameter count is {cnn['Imagewoof']['mean']:.1f} and {cnn['Imagenette']['mean']:.1f} points ahead.")
    table = arm_table(runs, ARMS, DATASETS, distance_on='Imagewoof')
    return f"{START}\n{text}\n\n{md_table(table)}\n\n*Mean ± standard deviation over seeds (their number in brackets), validation top-1.*\n{END}"

MAINJOB = 'mainjob/imagewoof'   # `arvit-train --out experiments/runs/mainjob/imagewoof`: the README's main job, run with the defaults
JOB_START, JOB_END = '<!-- main job: computed from experiments/runs/mainjob by tools/readme_results.py -->', '<!-- /main job -->'

def mainjob_block(runs_root)->str:
    "What the README's main job gave when it ran with today's defaults: time, accuracy and layer 1 against the other layers"
    import dataclasses
    from arvit.cli import RunConfig
    d = Path(runs_root)/MAINJOB
    if not (d/'summary.json').is_file(): raise FileNotFoundError(f"{d} has no finished run: run `arvit-train --out {d}` (the README's main job).")
    cfg, sm = json.loads((d/'config.json').read_text()), json.loads((d/'summary.json').read_text())
    defaults = {f.name: f.default for f in dataclasses.fields(RunConfig)}
    if stale := [k for k in ('dataset', 'epochs', 'lr', 'lam', 'layers', 'size', 'arch', 'bs') if cfg[k] != defaults[k]]:
        raise ValueError(f"{d} ran with other settings than today's defaults ({', '.join(stale)}): run the main job again.")
    lr = f"{cfg['lr']:.0e}".replace('e-0', 'e-')   # 5e-4, not 0.0005
    px = {int(l): v for l, v in sm['distance_px_by_layer'].items()}; others = [v for l, v in px.items() if l != 1]
    text = (f"With these defaults (λ = {cfg['lam']:g}, peak learning rate {lr}) the main job took {sm['wall_time_s']/60:.0f} minutes "
            f"on a two-core CPU and reached {sm['valid_accuracy']:.1%} top-1 on Imagewoof's validation images; layer 1's heads "
            f"ended at {px[1]:.1f} px on average, the other layers' at {min(others):.1f} to {max(others):.1f} px.")
    return f"{JOB_START}\n{text}\n{JOB_END}"

BLOCKS = {(START, END): results_block, (JOB_START, JOB_END): mainjob_block}   # each marked block of nbs/index.ipynb, and what computes it

def draw_figure(runs_root, dest):
    "Mean attention distance of every head, layer by layer, for the `FIGURE` runs: what the loss does to attention"
    import matplotlib; matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    from arvit.attention_distance import load_history
    from arvit.plots import plot_distance_by_layer
    h = pd.concat([load_history(Path(runs_root)/r/'attention_history.csv').assign(run=k) for k, r in FIGURE.items()])
    fig, ax = plt.subplots(figsize=(6, 3.4))
    plot_distance_by_layer(h, ax=ax, layer=1)
    ax.set_title('Imagewoof, 20 epochs: each dot is one head; the loss acts on layer 1', fontsize=9)
    fig.tight_layout(); fig.savefig(dest, dpi=110, metadata={'Software': None}); plt.close(fig)

def refresh_index(root)->bool:
    "Write each computed block into nbs/index.ipynb (between its markers) and draw the figure; True if the text changed"
    p = Path(root)/'nbs'/'index.ipynb'; nb = json.loads(p.read_text()); changed = False
    for (start, end), compute in BLOCKS.items():
        block = compute(Path(root)/'experiments'/'runs')
        cells = [c for c in nb['cells'] if start in ''.join(c['source'])]
        if len(cells) != 1: raise ValueError(f"{p} must hold the markers {start!r} ... {end!r} in one markdown cell.")
        old = ''.join(cells[0]['source']); new = re.sub(re.escape(start) + '.*?' + re.escape(end), lambda m: block, old, flags=re.S)
        if new != old: cells[0]['source'] = new.splitlines(keepends=True); changed = True
    draw_figure(Path(root)/'experiments'/'runs', Path(root)/'nbs'/'images'/'distance_by_layer.png')
    if changed: p.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + '\n')
    return changed

def committed_block(root, start=START, end=END)->str:
    "A block as nbs/index.ipynb holds it now"
    nb = json.loads((Path(root)/'nbs'/'index.ipynb').read_text())
    src = '\n'.join(''.join(c['source']) for c in nb['cells'])
    m = re.search(re.escape(start) + '.*?' + re.escape(end), src, flags=re.S)
    return m.group(0) if m else ''
