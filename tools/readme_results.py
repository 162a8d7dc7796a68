"""The home page's results, computed from the run folders in experiments/runs: short computed bullets and a small table
(`results_block`), the figure beside them (`draw_figure`), which locality prior helps (`priors_block`), and what the
main job gave with today's defaults (`mainjob_block`). `python tools/docs_site.py --readme` writes them into nbs/index.ipynb and README.md;
tests/test_site.py fails when the committed text differs from what the runs give."""
from __future__ import annotations
import json, re
from pathlib import Path
import pandas as pd
from arvit.runs import load_runs, arm_table, compare, arm_runs, signed, verdict

DATASETS = {'Imagewoof': 'woof', 'Imagenette': 'nette'}
HEAD = 'recipe/{d}-lr5e-4-lam{lam:g}'   # experiments/recipe.sh: the headline under the stable recipe (peak lr 5e-4), 5 seeds per arm
REF = {'timm ViT, same size': '{d}-vit_small', 'CNN, same parameter count': '{d}-cnn_small'}   # the references, at 5e-4 once they exist
OLD = {'lam': 0.003, 'arms': ('full/{d}-lam0.003', 'full/{d}-lam0')}   # the first headline, at peak lr 1e-3 (13_experiments)
# the figure: layer 1's heads in the headline's seed 1, with and without the default lambda (filled in by `figure_runs`)
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

def _interval(c): return f"{signed(c['mean'])} points (95% interval {signed(c['lo'])} to {signed(c['hi'])}, {c['n']} paired seeds)"

REF_SEEDS = 3   # experiments/recipe.sh reruns each reference at 5e-4 with 3 seeds per dataset

def ref_settings(pat)->tuple:
    "A reference's settings: (at the recipe's 5e-4, at 1e-3 in the first headline)"
    return 'recipe/' + pat.replace('{d}-', '{d}-lr5e-4-'), 'full/' + pat

def ref_done(runs, pat)->bool:
    "Has the reference all its seeds at 5e-4 on both datasets?"
    return all(len(arm_runs(runs, ref_settings(pat)[0].format(d=d))) >= REF_SEEDS for d in DATASETS.values())

def arms(runs, lam)->dict:
    "The table's arms: the headline's two under the recipe, the first headline's two at 1e-3, and each reference at 5e-4 once it has runs, and at 1e-3 until its 5e-4 runs are complete"
    out = {'ARViT (peak lr 5e-4)': HEAD.format(d='{d}', lam=0), f'ARViT + Distance Loss, λ = {lam:g}, the default (peak lr 5e-4)': HEAD.format(d='{d}', lam=lam)}
    out |= {'ARViT (peak lr 1e-3)': OLD['arms'][1], f"ARViT + Distance Loss, λ = {OLD['lam']:g} (peak lr 1e-3)": OLD['arms'][0]}   # the first headline
    for label, pat in REF.items():
        new, old = ref_settings(pat)
        if any(len(arm_runs(runs, new.format(d=d))) for d in DATASETS.values()): out[f'{label} (peak lr 5e-4)'] = new
        if not ref_done(runs, pat): out[f'{label} (peak lr 1e-3)'] = old
    return out

def _better_rate(runs, arms:dict)->tuple:
    "(rate, mean top-1) of the rate whose runs score higher on average, from `arms` = {rate: run-name pattern}"
    means = {r: arm_runs(runs, p).accuracy.mean() for r, p in arms.items()}
    means = {r: m for r, m in means.items() if m == m}   # drop rates without runs (NaN)
    r = max(means, key=means.get); return r, means[r]

def cnn_lead(runs)->str:
    """The CNN's lead over the plain ARViT on each dataset with its 95% interval ('ahead' only where it excludes zero), paired by seed at the same peak rate: 5e-4 where two seeds are paired, else 1e-3.
    Where 5e-4 is used and either model scores higher at 1e-3, also the lead with each at its better rate (unpaired)."""
    new, old = ref_settings(REF['CNN, same parameter count'])
    said, best = [], []
    for n, d in DATASETS.items():
        c, rate = _paired(runs, new.format(d=d), HEAD.format(d=d, lam=0)), '5e-4'
        if c is None: c, rate = compare(runs, old.format(d=d), OLD['arms'][1].format(d=d)), '1e-3'
        ci, v = f"95% interval {signed(c['lo'])} to {signed(c['hi'])}; {rate}, {c['n']} paired seeds", verdict(c)   # as for the priors
        said.append(f"{v} on {n} ({signed(c['mean'])} points, {ci})" if v == 'within seed noise' else f"{abs(c['mean']):.1f} points {v} on {n} ({ci})")
        if rate == '5e-4':
            rc, mc = _better_rate(runs, {'5e-4': new.format(d=d), '1e-3': old.format(d=d)})
            ra, ma = _better_rate(runs, {'5e-4': HEAD.format(d=d, lam=0), '1e-3': OLD['arms'][1].format(d=d)})
            if (rc, ra) != (rate, rate): best.append(f"{mc - ma:+.1f} points on {n} (the CNN at {rc}, {mc:.1f}%; the ARViT at {ra}, {ma:.1f}%)")
    text = f"Against the plain ARViT at the same peak rate, a CNN with the same parameter count is {' and '.join(said)}."
    return text + (f" Each at its better peak rate, unpaired, the CNN's lead is {' and '.join(best)}." if best else '')

def _paired(runs, a, b)->dict|None:
    "compare(), or None where fewer than two seeds are paired yet"
    try: return compare(runs, a, b)
    except ValueError: return None

def results_block(runs_root)->str:
    "The sentences and the table of the home page's results, from the run folders under `runs_root`"
    runs = load_runs(runs_root)
    lam, default = recipe_lambda(runs_root)
    said, pending, woof = [], [], None
    for n, d in DATASETS.items():
        c = _paired(runs, HEAD.format(d=d, lam=lam), HEAD.format(d=d, lam=0))
        if d == 'woof': woof = c   # the dataset the sweep chose lambda on
        if c: said.append(f"by {_interval(c)} on {n}")
        k = len(set(arm_runs(runs, HEAD.format(d=d, lam=lam)).seed) & set(arm_runs(runs, HEAD.format(d=d, lam=0)).seed))
        if k < 5: pending.append(f"{n} ({k} of 5 seeds paired)")   # an interval may already be given: say that it is not final
    where = HEAD if len(arm_runs(runs, HEAD.format(d='woof', lam=lam))) else RECIPE   # layer 1 from the headline, or the sweep until it has runs
    px = {l: arm_runs(runs, where.format(d='woof', lam=l)).layer1_px.mean() for l in (0, lam)}
    heads = runs[runs.finished & runs.run.str.match(r'recipe/(woof|nette)-lr5e-4-lam')]
    sel = _paired(runs, RECIPE.format(lam=lam), RECIPE.format(lam=0))
    old = {n: _paired(runs, *(a.format(d=d) for a in OLD['arms'])) for n, d in DATASETS.items()}
    olds = ' and '.join('by {:+.1f} points on {}'.format(c['mean'], n) for n, c in old.items())
    chose = (f": within seed noise there, so the rule chose it; the headline's {woof['n']} paired seeds on Imagewoof resolve a cost"
             if verdict(sel) == 'within seed noise' and woof is not None and verdict(woof) == 'behind' else '')
    points = [f"**Attention.** The Distance Loss at λ = {lam:g}{' (the default, chosen on held-out images by a stated rule)' if default else ''} "
              f"takes layer 1's mean attention distance on Imagewoof from {px[0]:.1f} to {px[lam]:.1f} px{' on held-out images' if where == RECIPE else ''}.",
              "**Accuracy.** " + ' '.join(([f"It changes top-1 accuracy {' and '.join(said)}."] if said else [])
                                            + ([f"Still running, five seeds per arm: {', '.join(pending)}."] if pending else [])),
              *([f"**Stability.** None of these {len(heads)} runs fell by more than {heads.worst_fall.max():.1f} points from its best epoch."] if len(heads) else []),
              f"**Where λ was chosen**, on held-out Imagewoof images, it changed accuracy by {_interval(sel)}{chose}.",
              f"**The earlier recipe.** At a peak rate of 1e-3, many Imagewoof runs fell mid-training, and a λ of {OLD['lam']:g} that barely "
              f"moves layer 1 changed accuracy {olds} (5 paired seeds each).",
              f"**The CNN's lead.** {cnn_lead(runs)}"]
    text = ("Trained from scratch for 20 epochs on 64-px images at a peak learning rate of 5e-4 (the stable recipe):\n\n"
            + '\n'.join(f'- {b}' for b in points))
    table = arm_table(runs, arms(runs, lam), DATASETS, distance_on='Imagewoof')
    return f"{START}\n{text}\n\n{md_table(table)}\n\n*Mean ± standard deviation over seeds (their number in brackets), validation top-1.*\n{END}"

# The locality priors built into the model (nbs/03b_distbias to nbs/03e_spt, results in nbs/13e_priors): label -> the preset its runs train
PRIORS = {'a 2D distance bias on the logits': 'small_distbias', 'a convolutional stem': 'small_convstem',
          "ConViT's GPSA": 'small_gpsa', 'SPT + LSA': 'small_spt_lsa'}
PRIOR, PRIOR_SEEDS = 'recipe/{d}-lr5e-4-{arch}', 3   # experiments/recipe.sh: each prior, 3 seeds per dataset, after the headline and the references
PRIORS_START, PRIORS_END = '<!-- priors: computed from experiments/runs by tools/readme_results.py -->', '<!-- /priors -->'

def _span(c): return f"{signed(c['mean'])} ({signed(c['lo'])} to {signed(c['hi'])}, {c['n']} seeds)"   # the pairs behind each interval: a prior's seeds finish one by one

_NOISE = {'ahead': 'beyond seed noise', 'within seed noise': 'within seed noise', 'behind': 'behind beyond seed noise'}   # verdict, said of a gain

def most_help(runs, got:dict)->str|None:
    "The answer first: the prior with the largest mean paired gain on each dataset, by how much, its seeds' spread and verdict, and the CNN's paired lead at the same rate beside it"
    best = {}
    for n in DATASETS:
        if cs := {label: c for (label, m), c in got.items() if m == n and c}: best[n] = max(cs.items(), key=lambda kv: kv[1]['mean'])
    if not best: return None
    spread = lambda c: f"paired seeds {signed(min(c['diffs']))} to {signed(max(c['diffs']))}"
    labels = {label for label, _ in best.values()}
    if len(labels) == 1 and all(c['mean'] > 0 for _, c in best.values()):   # one prior helps most everywhere: say it once
        noise = {_NOISE[verdict(c)] for _, c in best.values()}
        each = [f"{signed(c['mean'])} points on {n} ({spread(c)})" + ('' if len(noise) == 1 else f", {_NOISE[verdict(c)]}") for n, (_, c) in best.items()]
        said = (' and '.join(each) + f", {noise.pop()}{' on both' if len(best) > 1 else ''}" if len(noise) == 1
                else '; '.join(each))   # verdicts differ: each dataset says its own
        text = f"**Most help:** {labels.pop()}: {said}"
    else:   # each dataset its own, and none named as helping where no prior gains on average
        text = "**Most help:** " + '; '.join(
            f"{label} on {n}, {signed(c['mean'])} points ({spread(c)}), {_NOISE[verdict(c)]}" if c['mean'] > 0 else
            f"on {n}, none gains on average (the least loss: {label}, {signed(c['mean'])} points ({spread(c)}), {_NOISE[verdict(c)]})"
            for n, (label, c) in best.items())
    new, _ = ref_settings(REF['CNN, same parameter count'])
    cnn = {n: c for n in best if (c := _paired(runs, new.format(d=DATASETS[n]), HEAD.format(d=DATASETS[n], lam=0)))}
    leads = ' and '.join(f"{signed(c['mean'])} points on {n}" for n, c in cnn.items())
    return text + (f". The CNN, at the same rate: {leads} against the plain ARViT, paired by seed." if cnn else '.')

def priors_block(runs_root)->str:
    "Which locality prior helps: each prior against the plain ARViT of the headline, paired by seed, on each dataset"
    runs = load_runs(runs_root)
    got = {(label, n): _paired(runs, PRIOR.format(d=d, arch=arch), HEAD.format(d=d, lam=0))
           for label, arch in PRIORS.items() for n, d in DATASETS.items()}
    done = sum(min(len(arm_runs(runs, PRIOR.format(d=d, arch=a))), PRIOR_SEEDS) for a in PRIORS.values() for d in DATASETS.values())
    total = len(PRIORS)*len(DATASETS)*PRIOR_SEEDS
    text = (f"Built into the model instead of the objective, four locality priors ({', '.join(PRIORS)}) run under the same recipe, "
            f"{PRIOR_SEEDS} seeds per dataset" + (f"; {done} of {total} runs have finished." if done < total else '.'))
    points = []
    for n in DATASETS:
        said = [f"{label} {_span(c)}" for (label, m), c in got.items() if m == n and c]
        if said: points.append(f"**{n}**, against the plain ARViT, paired by seed, top-1 changes by (points, 95% interval, paired seeds): {'; '.join(said)}.")
    if answer := most_help(runs, got): points.insert(0, answer)
    if any(got.values()):
        beyond = lambda keep: [f"{label} on {n} ({signed(c['mean'])} points, {c['n']} seeds)" for (label, n), c in got.items() if c and keep(c)]
        ahead, behind = beyond(lambda c: verdict(c) == 'ahead'), beyond(lambda c: verdict(c) == 'behind')
        points.append(f"Ahead beyond seed noise: {', '.join(ahead)}." if ahead else "None is ahead beyond seed noise" + (" so far." if done < total else "."))
        if behind: points[-1] += f" Behind beyond seed noise: {', '.join(behind)}."
        # within noise, yet on the same side of zero on every seed: the spread of the seeds' differences, not only their interval
        steady = lambda sign: [f"{label} on {n} (by {signed(min(c['diffs']))} to {signed(max(c['diffs']))} points, {c['n']} seeds)"
                               for (label, n), c in got.items() if c and verdict(c) == 'within seed noise' and all(sign*x > 0 for x in c['diffs'])]
        for word, sign in (('Ahead', 1), ('Behind', -1)):
            if said := steady(sign): points[-1] += f" {word} on every paired seed, but not beyond seed noise: {', '.join(said)}."
    if points: text += '\n\n' + '\n'.join(f'- {b}' for b in points)
    return f"{PRIORS_START}\n{text}\n{PRIORS_END}"

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

BLOCKS = {(START, END): results_block, (PRIORS_START, PRIORS_END): priors_block, (JOB_START, JOB_END): mainjob_block}   # each marked block of nbs/index.ipynb, and what computes it

def figure_runs(runs_root)->dict:
    "The figure's runs: the headline's seed 1 at lambda 0 and the default, once both have finished; until then the held-out sweep's"
    lam, _ = recipe_lambda(runs_root)
    for pat in (HEAD.replace('{d}', 'woof'), RECIPE):
        runs = {f'λ = {l:g}' + (' (the default)' if l else ''): pat.format(lam=l) + '-s1' for l in (0, lam)}
        if all((Path(runs_root)/r/'summary.json').is_file() for r in runs.values()): return runs
    raise FileNotFoundError(f"neither the headline's nor the sweep's seed 1 has finished at lambda 0 and {lam:g}: run experiments/recipe.sh.")

def draw_figure(runs_root, dest):
    "Mean attention distance of every head, layer by layer, for the `figure_runs`: what the loss does to attention"
    import matplotlib; matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    from arvit.attention_distance import load_history
    from arvit.plots import plot_distance_by_layer
    h = pd.concat([load_history(Path(runs_root)/r/'attention_history.csv').assign(run=k) for k, r in figure_runs(runs_root).items()])
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
