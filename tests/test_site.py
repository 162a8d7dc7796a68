"The documentation: README in step with the home page; the offline site opened in headless Chromium; JupyterLab running the tutorial."
import functools, http.server, json, os, re, secrets, shutil, socket, subprocess, sys, threading, time
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT/'tools'))   # the docs builder is a development tool, outside the package
SITE = ROOT/'_site_offline'          # kept after the run, with screenshots, for a human to look at
CHROMIUM = '/usr/bin/chromium'
ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync']

def test_readme_is_the_home_page():
    from docs_site import readme_text
    assert (ROOT/'README.md').read_text() == readme_text(ROOT), 'README.md drifted from nbs/index.ipynb: run `python tools/docs_site.py --readme`'

def test_readme_results_are_computed_from_the_runs():
    "The home page's result sentences and table are what experiments/runs give now (tools/readme_results.py)"
    from readme_results import results_block, committed_block
    assert committed_block(ROOT) == results_block(ROOT/'experiments'/'runs'), 'the README results are stale: run `python tools/docs_site.py --readme`'

def test_readme_priors_are_computed_from_the_runs():
    from readme_results import priors_block, committed_block, PRIORS_START, PRIORS_END
    assert committed_block(ROOT, PRIORS_START, PRIORS_END) == priors_block(ROOT/'experiments'/'runs'), 'the README priors sentence is stale: run `python tools/docs_site.py --readme`'

def _fake_run(d, arch, lam, seed, acc, dataset='imagewoof', px=30.0):
    "A finished run folder as arvit-train writes it, reduced to what load_runs reads"
    d.mkdir(parents=True)
    (d/'config.json').write_text(json.dumps(dict(task='classify', dataset=dataset, arch=arch, lam=lam, beta=0.5, lr=5e-4, seed=seed, epochs=20)))
    (d/'summary.json').write_text(json.dumps(dict(valid_accuracy=acc) | (dict(distance_px_by_layer={'1': px}) if px else {})))   # a CNN has no attention

def test_readme_priors_sentence_says_which_prior_helps(tmp_path):
    "Made-up runs: one prior ahead on every seed, one behind, one within noise, one with a single seed"
    from readme_results import priors_block
    accs = {'lam0': [.40, .42, .41], 'small_convstem': [.45, .475, .46], 'small_distbias': [.35, .37, .355],
            'small_gpsa': [.39, .43, .4091], 'small_spt_lsa': [.50]}
    for arm, a in accs.items():
        for seed, acc in enumerate(a, 1):
            _fake_run(tmp_path/'recipe'/f'woof-lr5e-4-{arm}-s{seed}', 'small' if arm == 'lam0' else arm, 0.0, seed, acc)
    text = priors_block(tmp_path)
    assert '; 10 of 24 runs have finished.' in text   # 3 + 3 + 3 + 1 prior runs; the plain ARViT's do not count
    assert 'Ahead beyond seed noise: a convolutional stem on Imagewoof (+5.2 points, 3 seeds).' in text   # differences 5, 5.5, 5
    assert 'Behind beyond seed noise: a 2D distance bias on the logits on Imagewoof (-5.2 points, 3 seeds).' in text   # -5, -5, -5.5
    assert "ConViT's GPSA -0.03 (-2.5 to +2.5, 3 seeds)" in text   # -0.03 ± 4.30 × 1.00 / √3: each interval says how many pairs it rests on
    assert "ConViT's GPSA -0.03 (" in text and "ConViT's GPSA on" not in text   # -1, +1, -0.09: said, neither ahead nor behind, and not as -0.0
    assert 'SPT + LSA -' not in text and 'SPT + LSA +' not in text   # one seed: no interval, so no number
    assert '\n- **Imagewoof**, against the plain ARViT, paired by seed' in text   # a bullet per dataset with runs
    assert 'on Imagenette' not in text and '**Imagenette**' not in text   # no Imagenette runs: nothing said about it
    assert 'on every paired seed' not in text   # two priors beyond noise, GPSA on both sides of zero, SPT + LSA unpaired
    assert '\n- **Most help:** a convolutional stem: +5.2 points on Imagewoof (paired seeds +5.0 to +5.5), beyond seed noise.\n' in text   # the answer first; no CNN runs, so no lead beside it
    accs = {'lam0': [.40, .42, .41], 'small_convstem': [.43, .49, .416], 'small_distbias': [.39, .40, .37]}   # within noise, each on one side
    for arm, a in accs.items():
        for seed, acc in enumerate(a, 1):
            _fake_run(tmp_path/'steady'/'recipe'/f'woof-lr5e-4-{arm}-s{seed}', 'small' if arm == 'lam0' else arm, 0.0, seed, acc)
    text = priors_block(tmp_path/'steady')
    assert 'None is ahead beyond seed noise so far.' in text and 'Behind beyond seed noise' not in text
    assert ' Ahead on every paired seed, but not beyond seed noise: a convolutional stem on Imagewoof (by +0.6 to +7.0 points, 3 seeds).' in text
    assert ' Behind on every paired seed, but not beyond seed noise: a 2D distance bias on the logits on Imagewoof (by -4.0 to -1.0 points, 3 seeds).' in text
    for d in ('woof', 'nette'):   # every run in: the block stops saying "so far"
        for arm, a in (accs | {'small_gpsa': [.41, .41, .42], 'small_spt_lsa': [.40, .43, .40]}).items():
            for seed, acc in enumerate(a, 1):
                _fake_run(tmp_path/'all'/'recipe'/f'{d}-lr5e-4-{arm}-s{seed}', 'small' if arm == 'lam0' else arm, 0.0, seed, acc, 'imagewoof' if d == 'woof' else 'imagenette')
    text = priors_block(tmp_path/'all')
    assert 'run under the same recipe, 3 seeds per dataset.\n' in text and 'None is ahead beyond seed noise.' in text and 'so far' not in text
    assert ('- **Most help:** a convolutional stem: +3.5 points on Imagewoof (paired seeds +0.6 to +7.0) and +3.5 points on Imagenette '
            '(paired seeds +0.6 to +7.0), within seed noise on both.\n') in text   # differences +3, +7, +0.6 on each dataset

def test_readme_most_help_says_each_datasets_own(tmp_path):
    "Made-up runs: a different prior gains most on each dataset, with the CNN beside them; one prior with verdicts that differ; no prior gaining on one dataset"
    from readme_results import priors_block
    accs = {'woof': {'lam0': [.40, .42, .41], 'small_convstem': [.45, .475, .46], 'small_distbias': [.41, .42, .40], 'cnn_small': [.43, .44, .43]},
            'nette': {'lam0': [.70, .72, .71], 'small_convstem': [.70, .72, .715], 'small_distbias': [.72, .72, .70], 'cnn_small': [.70, .72, .71]}}
    def write(root, accs):
        for d, arms in accs.items():
            for arm, a in arms.items():
                for seed, acc in enumerate(a, 1):
                    _fake_run(root/'recipe'/f'{d}-lr5e-4-{arm}-s{seed}', 'small' if arm == 'lam0' else arm, 0.0, seed, acc,
                              'imagewoof' if d == 'woof' else 'imagenette', px=None if arm == 'cnn_small' else 30.0)
        return priors_block(root)
    text = write(tmp_path/'own', accs)   # woof: the stem +5.0, +5.5, +5.0; nette: the bias +2, 0, -1 and the stem 0, 0, +0.5
    assert ('- **Most help:** a convolutional stem on Imagewoof, +5.2 points (paired seeds +5.0 to +5.5), beyond seed noise; '
            'a 2D distance bias on the logits on Imagenette, +0.3 points (paired seeds -1.0 to +2.0), within seed noise. '
            'The CNN, at the same rate: +2.3 points on Imagewoof and +0.0 points on Imagenette against the plain ARViT, paired by seed.\n') in text
    accs['nette'] |= {'small_convstem': [.715, .725, .72], 'small_distbias': [.69, .70, .69]}   # the stem gains most on both, beyond noise on one only
    text = write(tmp_path/'mixed', accs)   # nette: the stem +1.5, +0.5, +1, an interval of 1.0 ± 4.30 × 0.5 / √3
    assert ('- **Most help:** a convolutional stem: +5.2 points on Imagewoof (paired seeds +5.0 to +5.5), beyond seed noise; '
            '+1.0 points on Imagenette (paired seeds +0.5 to +1.5), within seed noise. The CNN') in text
    accs['nette'] |= {'small_convstem': [.69, .71, .70], 'small_distbias': [.69, .70, .69]}   # every prior below the plain ARViT on Imagenette
    text = write(tmp_path/'none', accs)   # nette: the stem -1, -1, -1 and the bias -1, -2, -2
    assert ('- **Most help:** a convolutional stem on Imagewoof, +5.2 points (paired seeds +5.0 to +5.5), beyond seed noise; '
            'on Imagenette, none gains on average (the least loss: a convolutional stem, -1.0 points (paired seeds -1.0 to -1.0), behind beyond seed noise).') in text

def test_readme_references_switch_to_the_recipe_rate_seed_by_seed(tmp_path, monkeypatch):
    "The committed runs, with made-up CNN runs at 5e-4 in place of any real ones: the 1e-3 row stays until all 3 seeds of both datasets exist"
    import pandas as pd, readme_results as rr
    from arvit.runs import load_runs, read_run, compare, arm_runs, signed
    real = load_runs(ROOT/'experiments'/'runs'); real = real[~real.run.str.startswith('recipe/') | ~real.run.str.contains('cnn_small')]
    rows = []
    def with_cnn(seeds):   # add these seeds' runs to the ones added before
        for d, ds in rr.DATASETS.items():
            for s in seeds:
                name = f'recipe/{ds}-lr5e-4-cnn_small-s{s}'; _fake_run(tmp_path/name, 'cnn_small', 0.0, s, .30 + s/100, d.lower(), px=None)   # below the ARViT: the lead reads 'behind'
                rows.append(read_run(tmp_path/name) | dict(run=name))
        monkeypatch.setattr(rr, 'load_runs', lambda root: pd.concat([real, pd.DataFrame(rows)], ignore_index=True))
        return rr.results_block(ROOT/'experiments'/'runs'), rr.load_runs(None)
    text, runs = with_cnn([1])
    assert '| CNN, same parameter count (peak lr 5e-4) | 31.0 (1) | 31.0 (1) | – |' in text
    assert '| CNN, same parameter count (peak lr 1e-3) |' in text   # 1 of 3 seeds: the old row stays
    old = compare(runs, 'full/woof-cnn_small', 'full/woof-lam0')
    assert f"is {old['mean']:.1f} points ahead on Imagewoof (95% interval {signed(old['lo'])} to {signed(old['hi'])}; 1e-3, {old['n']} paired seeds)" in text   # one seed: no 5e-4 pair yet
    text, runs = with_cnn([2, 3])   # seeds 1-3 now, on both datasets
    assert 'CNN, same parameter count (peak lr 1e-3)' not in text   # complete at 5e-4: the 1e-3 row goes
    assert '| CNN, same parameter count (peak lr 5e-4) | 32.0 ± 1.0 (3) | 32.0 ± 1.0 (3) | – |' in text
    new = compare(runs, 'recipe/woof-lr5e-4-cnn_small', 'recipe/woof-lr5e-4-lam0')
    assert new['mean'] < 0 and f"is {-new['mean']:.1f} points behind on Imagewoof (95% interval {signed(new['lo'])} to {signed(new['hi'])}; 5e-4, {new['n']} paired seeds)" in text   # made-up CNN runs near 32%
    cnn, vit = (arm_runs(runs, a).accuracy.mean() for a in ('full/woof-cnn_small', 'recipe/woof-lr5e-4-lam0'))   # each at its better rate
    assert f"Each at its better peak rate, unpaired, the CNN's lead is {cnn - vit:+.1f} points on Imagewoof (the CNN at 1e-3, {cnn:.1f}%; the ARViT at 5e-4, {vit:.1f}%)" in text

def test_readme_cnn_lead_within_noise_says_so(tmp_path):
    "Made-up runs where the CNN's paired interval includes zero: the sentence says 'within seed noise', as for the priors, not 'ahead'"
    from readme_results import cnn_lead
    from arvit.runs import load_runs, compare, signed
    for d, ds in (('woof', 'imagewoof'), ('nette', 'imagenette')):
        for seed, (plain, cnn) in enumerate([(.40, .42), (.42, .41), (.41, .415)], 1):   # differences +2, -1, +0.5 points
            _fake_run(tmp_path/'recipe'/f'{d}-lr5e-4-lam0-s{seed}', 'small', 0.0, seed, plain, ds)
            _fake_run(tmp_path/'recipe'/f'{d}-lr5e-4-cnn_small-s{seed}', 'cnn_small', 0.0, seed, cnn, ds, px=None)
    runs = load_runs(tmp_path); text = cnn_lead(runs)
    c = compare(runs, 'recipe/woof-lr5e-4-cnn_small', 'recipe/woof-lr5e-4-lam0')
    assert c['lo'] < 0 < c['hi'] and signed(c['mean']) == '+0.5'
    assert f"is within seed noise on Imagewoof (+0.5 points, 95% interval {signed(c['lo'])} to {signed(c['hi'])}; 5e-4, 3 paired seeds)" in text
    assert 'ahead' not in text and 'behind' not in text

def test_readme_main_job_is_measured_with_the_defaults():
    "The main job's sentence is what its committed run gave, and that run used today's defaults (else mainjob_block refuses)"
    from readme_results import mainjob_block, committed_block, JOB_START, JOB_END
    assert committed_block(ROOT, JOB_START, JOB_END) == mainjob_block(ROOT/'experiments'/'runs'), 'the README main job is stale: run `python tools/docs_site.py --readme`'

def test_readme_quick_start_runs_as_written(tmp_path, monkeypatch):
    "The Python example on the home page, the first code a user copies, runs unchanged on the real data and does what its comments say"
    from conftest import require_real_data
    require_real_data()
    code = [b for b in re.findall(r"```python\n(.*?)```", (ROOT/'README.md').read_text(), re.S) if 'arvit_learner' in b]
    assert len(code) == 1, 'the README should hold one Python quick start that builds an arvit_learner'
    monkeypatch.chdir(tmp_path)   # from an empty folder, as a user would: nothing may depend on the repository's layout
    ns = {}
    exec(code[0], ns)
    learn = ns['learn']
    names = list(learn.recorder.metric_names)
    for m in ('train_task_loss', 'train_dist_loss', 'train_l_x'): assert m in names, f'the table should show {m}: {names}'
    rows = learn.recorder.values
    assert len(rows) == 3, 'fit_one_cycle(3, ...) records three epochs'
    l_x = [r[names.index('train_l_x') - 1] for r in rows]   # metric_names starts with 'epoch', values do not
    assert l_x[-1] < l_x[0], f'the Distance Loss should lower layer 1\'s attention-weighted penalty l_x over the run: {l_x}'
    h = learn.attn_history
    assert set(h.layer) == set(range(6)) and h.epoch.max() == 3, 'the history should hold every layer, up to the last epoch'

def test_sidebar_has_sections_and_every_notebook():
    from docs_site import sections
    secs = dict(sections(ROOT))
    assert {'Course', 'Results', 'Reference and development'} <= set(secs)
    listed = [p for ps in secs.values() for p in ps]
    assert sorted(listed) == sorted(p.name for p in (ROOT/'nbs').glob('*.ipynb')), 'a notebook is missing from nbs/sidebar.yml, or listed twice'

from conftest import free_port

@pytest.fixture(scope='module')
def site():
    from docs_site import build_site
    out = build_site(SITE, ROOT)
    port = free_port()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(out))
    srv = http.server.ThreadingHTTPServer(('127.0.0.1', port), handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield out, f'http://127.0.0.1:{port}'
    srv.shutdown()

@pytest.fixture(scope='module')
def browser():
    if not Path(CHROMIUM).exists(): pytest.skip('no /usr/bin/chromium (apt-get install chromium; .ci/run does)')
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()

# Pages that teach with pictures, and how many each must show at least. The browser check holds every page to the
# larger of this and the figures its notebook holds, so a notebook committed without outputs fails here.
FIGURES = {'00_data': 1, '01_geometry': 1, '03_model': 1, '07_plots': 4, '08_widgets': 3, '09_tutorial': 6, '10_pretext': 1,
           '13_experiments': 2, '13b_stability': 2, '13c_pretext': 2, '13e_priors': 4}

def test_every_course_notebook_is_committed_executed():
    "Each notebook of the course holds outputs (they are its documentation), and the picture pages hold their figures"
    from docs_site import course
    bare = []
    for nb in course(ROOT):
        cells = json.loads((ROOT/'nbs'/nb).read_text())['cells']
        shown = [c for c in cells if c['cell_type'] == 'code' and not ''.join(c['source']).startswith(('#| export', '#| hide', '#| default_exp'))]
        if shown and not any(c.get('outputs') for c in shown): bare.append(f'{nb}: no outputs')
        if n_figures(ROOT/'nbs'/nb) < FIGURES.get(Path(nb).stem, 0): bare.append(f'{nb}: {n_figures(ROOT/"nbs"/nb)} figures, wants {FIGURES[Path(nb).stem]}')
    assert not bare, 'run python tools/execute_nbs.py on: ' + '; '.join(bare)

def n_figures(nb_path):
    nb = json.loads(Path(nb_path).read_text())
    return sum('image/png' in o.get('data', {}) for c in nb['cells'] if c['cell_type'] == 'code' for o in c.get('outputs', []))

def test_every_page_loads_with_figures_and_links(site, browser):
    from docs_site import course
    out, base = site
    (out/'screens').mkdir(exist_ok=True)
    problems = []
    for nb in course(ROOT):
        name = 'index.html' if nb == 'index.ipynb' else nb.replace('.ipynb', '.html')
        page = browser.new_page(viewport={'width': 1280, 'height': 900})
        errors = []
        page.on('pageerror', lambda e: errors.append(f'js: {e}'))
        page.on('requestfailed', lambda r: errors.append(f'failed request: {r.url}') if r.url.startswith(base) else None)
        page.on('response', lambda r: errors.append(f'{r.status}: {r.url}') if r.status >= 400 else None)
        page.goto(f'{base}/{name}', wait_until='networkidle')
        # networkidle does not wait for figures inlined as data: URIs, which a busy machine decodes late: wait for each
        # image to decode (a broken one rejects, keeps naturalWidth 0 and is counted as missing)
        page.evaluate('() => Promise.all(Array.from(document.images, i => i.decode().catch(() => null)))')
        imgs = page.eval_on_selector_all('img', 'els => els.filter(e => e.complete && e.naturalWidth > 0).length')
        want = max(n_figures(ROOT/'_proc'/nb), FIGURES.get(Path(nb).stem, 0)) + (1 if nb == 'index.ipynb' else 0)
        if imgs < want: problems.append(f'{name}: {imgs} rendered images, wants {want}')
        for href in page.eval_on_selector_all('a[href]', 'els => els.map(e => e.getAttribute("href"))'):
            if href.startswith(('http', '#', 'mailto:')): continue
            target = href.split('#')[0]
            if target and not (out/target).exists(): problems.append(f'{name}: link to missing page {href}')
        if errors: problems.append(f'{name}: ' + '; '.join(errors[:3]))
        page.screenshot(path=str(out/'screens'/f'{Path(name).stem}.png'), full_page=False)
        page.close()
    assert not problems, '\n'.join(problems)

def test_widget_page_responds(site, browser):
    out, base = site
    page = browser.new_page(viewport={'width': 1280, 'height': 900})
    page.goto(f'{base}/08_widgets.html', wait_until='networkidle')
    page.wait_for_selector('.widget-readout', timeout=30000)          # the embedded widgets rendered
    slider = page.locator('.widget-hslider, .widget-slider').first
    slider.scroll_into_view_if_needed()
    readout = slider.locator('.widget-readout').first
    slider.locator('.noUi-handle').first.focus()
    page.keyboard.press('Home'); page.wait_for_timeout(300)
    before = readout.inner_text()
    page.keyboard.press('End'); page.wait_for_timeout(300)
    after = readout.inner_text()
    slider.screenshot(path=str(out/'screens'/'widget_slider_moved.png'))
    assert before != after, f'the slider readout did not change ({before!r})'

@pytest.mark.slow
@pytest.mark.skipif(os.environ.get('ARVIT_LAB') == '0', reason='ARVIT_LAB=0: JupyterLab check skipped (it trains the tutorial: minutes)')
def test_jupyterlab_runs_the_tutorial_and_the_explorer_responds(browser, tmp_path):
    "A real JupyterLab on 127.0.0.1 runs the teaching notebook; moving the explorer's epoch slider redraws its figure"
    work = tmp_path/'lab'; work.mkdir(); (work/'images').mkdir()
    (tmp_path/'experiments').symlink_to(ROOT/'experiments')   # the tutorial reads committed runs from ../experiments/runs
    nb = json.loads((ROOT/'nbs'/'09_tutorial.ipynb').read_text())   # a copy (JupyterLab saves what it runs), without the
    for c in nb['cells']:                                            # committed outputs and widget state: whatever the
        if c['cell_type'] == 'code': c['outputs'], c['execution_count'] = [], None   # browser shows, this kernel made
    nb['metadata'].pop('widgets', None)
    (work/'09_tutorial.ipynb').write_text(json.dumps(nb))
    port, token = free_port(), secrets.token_hex(16)
    env = {k: v for k, v in os.environ.items() if k not in ('ARVIT_SAVE_FIGURES', 'MPLBACKEND')}   # inline figures, as for a user
    lab = subprocess.Popen([sys.executable, '-m', 'jupyterlab', '--no-browser', '--ip', '127.0.0.1', f'--port={port}',
                            f'--IdentityProvider.token={token}', f'--ServerApp.root_dir={work}', '--ServerApp.open_browser=False',
                            '--allow-root'],   # containers and CI often run as root; JupyterLab refuses to start as root without it
                           stdout=subprocess.DEVNULL, stderr=open(tmp_path/'lab.log', 'w'), env=env)
    shots = SITE/'screens'; shots.mkdir(parents=True, exist_ok=True)
    page = None
    try:
        page = browser.new_page(viewport={'width': 1400, 'height': 1000})
        for _ in range(120):
            try: page.goto(f'http://127.0.0.1:{port}/lab/tree/09_tutorial.ipynb?token={token}'); break
            except Exception: time.sleep(1)
        page.wait_for_selector('.jp-Notebook', timeout=120000)
        # wait for the kernel itself (status bar 'Python 3 (ipykernel) | Idle'): running cells while it still reads
        # 'No Kernel | Initializing' runs them nowhere and opens a 'Select Kernel' dialog instead
        page.wait_for_function("() => /\\(ipykernel\\)\\s*\\|\\s*Idle/.test(document.querySelector('.jp-StatusBar-Widget, #jp-main-statusbar')?.innerText || '')", timeout=180000)
        if page.locator('.jp-Dialog').count(): page.locator('.jp-Dialog .jp-mod-accept').first.click()   # 'Select' the default kernel
        page.locator('.lm-MenuBar-itemLabel', has_text='Run').first.click()
        page.locator('.lm-Menu-itemLabel', has_text='Run All Cells').first.click()
        play = page.wait_for_selector('.widget-play', timeout=900000)                      # the explorer rendered
        explorer = page.locator('.widget-vbox', has=page.locator('.widget-play')).first
        fig = explorer.locator('img').first
        fig.wait_for(timeout=300000)
        # the kernel answers the slider only between cells: wait until Run All has finished (the tutorial trains after the explorer)
        page.wait_for_function("() => /\\(ipykernel\\)\\s*\\|\\s*Idle/.test(document.querySelector('.jp-StatusBar-Widget, #jp-main-statusbar')?.innerText || '')", timeout=900000)
        explorer.scroll_into_view_if_needed()
        before = fig.screenshot(path=str(shots/'lab_explorer_before.png'))
        src0 = fig.get_attribute('src')
        explorer.locator('.noUi-handle').first.focus()
        page.keyboard.press('Home')                                                        # epoch slider to the first record point
        for _ in range(600):   # up to 5 minutes, should a cell still be running
            if explorer.locator('img').first.get_attribute('src') != src0: break
            time.sleep(0.5)
        after = explorer.locator('img').first.screenshot(path=str(shots/'lab_explorer_after.png'))
        page.screenshot(path=str(shots/'lab_tutorial.png'))
        assert before != after, 'the explorer figure did not change when the epoch slider moved'
    except Exception:
        if page is not None: page.screenshot(path=str(shots/'lab_failure.png'))   # what the browser showed, for a human
        raise
    finally:
        lab.terminate()
        try: lab.wait(timeout=30)
        except subprocess.TimeoutExpired: lab.kill()
