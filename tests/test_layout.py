"The layout as a contract: one job per module, a runtime package without the docs tools, capture apart from the loss."
import ast, subprocess, sys, tomllib
from pathlib import Path
import pytest, torch
from fastai.vision.all import set_seed
from conftest import ROOT, tiny

MODULES = sorted(p.stem for p in (ROOT/'arvit').glob('*.py') if not p.stem.startswith('_'))

def test_every_module_says_its_one_job():
    for m in MODULES:
        doc = ast.get_docstring(ast.parse((ROOT/'arvit'/f'{m}.py').read_text()))
        assert doc and len(doc.splitlines()[0]) > 20, f'arvit/{m}.py has no one-line summary: give its notebook a `> summary`'

def test_runtime_package_needs_no_docs_tooling():
    """`pip install -e .` (no extras) declares nothing that only the docs builder needs, and every module imports without it
    (PyYAML still arrives with fastai, which reads its config with it; arvit no longer asks for it)"""
    deps = tomllib.loads((ROOT/'pyproject.toml').read_text())['project']['dependencies']
    names = {d.split('>')[0].split('<')[0].split('=')[0].strip().lower() for d in deps}
    assert not names & {'pyyaml', 'nbconvert', 'nbclient', 'playwright', 'jupyterlab', 'nbdev'}, names
    block = "import sys; sys.modules.update(nbconvert=None, nbclient=None, nbformat=None, playwright=None)\n"
    code = block + ''.join(f'import arvit.{m}\n' for m in MODULES)
    r = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stderr[-2000:]
    assert not (ROOT/'arvit'/'site.py').exists()

def test_importing_a_module_registers_nothing():
    "PRESETS is written out in one place: it is complete without importing anything else first"
    r = subprocess.run([sys.executable, '-c', 'from arvit.learner import PRESETS; import arvit.baseline, arvit.model, arvit.distbias, arvit.convstem, arvit.gpsa, arvit.spt; '
                        'from arvit.learner import PRESETS as P2; print(sorted(PRESETS)); assert PRESETS is P2 and len(PRESETS) == 16'],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr[-2000:]
    assert all(n in r.stdout for n in ('vit_small', 'paper', 'cnn_small', 'small_distbias', 'small_convstem', 'small_gpsa', 'small_spt_lsa', 'paper_distbias', 'paper_convstem', 'paper_gpsa', 'paper_spt_lsa'))

def test_loss_checks_the_model_once_per_fit(synth, monkeypatch):
    from arvit.data import folder_dls
    from arvit.learner import arvit_learner
    from arvit.callback import DistanceLossCallback
    calls = []
    orig = DistanceLossCallback.check_model
    monkeypatch.setattr(DistanceLossCallback, 'check_model', lambda self, m: calls.append(1) or orig(self, m))
    learn = arvit_learner(folder_dls(synth, size=32, bs=16, num_workers=0), arch=tiny, lam=1e-2)
    assert len(calls) == 1                       # at construction, so a bad argument fails before training
    with learn.no_bar(), learn.no_logging(): learn.fit(2, 1e-3)
    assert len(calls) == 2                       # and once in before_fit, not per phase or per epoch

def test_capture_is_open_only_where_needed(synth):
    "lambda=0: training batches stay on the fused path; validation is captured; nothing is hooked between phases"
    from arvit.data import folder_dls
    from arvit.learner import arvit_learner
    from arvit.capture import attention_modules
    from fastai.callback.core import Callback
    seen = []
    class Probe(Callback):
        order = 100
        def after_loss(self): seen.append((self.training, sorted(self.learn.attention.maps), attention_modules(self.model)[1].fused_attn))
    for lam, train_layers in ((0., []), (1e-2, [1])):
        seen.clear()
        learn = arvit_learner(folder_dls(synth, size=32, bs=16, num_workers=0), arch=tiny, lam=lam, cbs=Probe())
        with learn.no_bar(), learn.no_logging(): learn.fit(1, 1e-3)
        assert {(l, f) for t, l, f in [(t, tuple(m), f) for t, m, f in seen] if t} == {(tuple(train_layers), not train_layers)}
        assert all(m == [1] and not f for t, m, f in seen if not t)
        assert all(a.fused_attn and not a.attn_drop._forward_hooks for a in attention_modules(learn.model))
