"The Distance Loss callback inside real fastai training: exact loss, bit-identical lambda=0, fastai API round trip, real data."
import math, pickle
import pytest, torch
from fastai.vision.all import Callback, set_seed, load_learner
from arvit.data import *
from arvit.geometry import penalty_matrix
from arvit.loss import distance_loss
from arvit.model import *
from arvit.capture import *
from arvit.callback import *
from arvit.learner import *
from conftest import require_real_data

@pytest.fixture(scope='module')
def sdls(synth): return folder_dls(synth, size=32, bs=16, num_workers=0, augment=False)

from conftest import tiny

class Spy(Callback):
    "Record what the loss callback left on the learner, after it ran"
    order = DistanceLossCallback.order + 1
    def __init__(self): self.rows = []
    def after_loss(self):
        self.rows.append(dict(loss=self.learn.loss.item(), loss_grad=self.learn.loss_grad.item(), task=self.learn.task_loss.item(),
                              xb=self.learn.xb[0].clone(), yb=self.learn.yb[0].clone()))

def test_train_loss_is_task_plus_lambda_LD(sdls):
    "In a training step, loss_grad = task + lam * L_D, with L_D recomputed by hand from the same weights and batch"
    set_seed(0)
    learn = arvit_learner(sdls, arch=tiny, lam=0.05, layers=(0, 2), cbs=Spy())
    w0 = {k: v.clone() for k, v in learn.model.state_dict().items()}
    learn.fit(1, lr=0.)    # lr 0: weights stay as they were, so the first batch can be replayed exactly
    r = learn.spy.rows[0]
    learn.model.load_state_dict(w0); learn.model.train()
    with AttentionCapture(learn.model, (0, 2)) as cap: task = learn.loss_func(learn.model(r['xb']), r['yb'])
    P = penalty_matrix(4)
    LD = distance_loss(cap.maps[0], P, 'mean') + distance_loss(cap.maps[2], P, 'mean')   # the default reduction
    assert math.isclose(r['task'], task.item(), rel_tol=1e-5)
    assert math.isclose(r['loss_grad'], (task + 0.05*LD).item(), rel_tol=1e-5)
    assert math.isclose(r['loss'], r['loss_grad'], rel_tol=1e-6)
    assert LD.item() > 0

def test_per_layer_lambdas(sdls):
    learn = arvit_learner(sdls, arch=tiny, lam=(0., 0.1), layers=(0, 1), cbs=Spy())
    learn.fit(1, lr=0.)
    assert any(abs(r['loss'] - r['task']) > 1e-6 for r in learn.spy.rows)
    with pytest.raises(ValueError, match='one per layer'): arvit_learner(sdls, arch=tiny, lam=(0.1, 0.1, 0.1), layers=(0, 1))

def fresh(synth): return folder_dls(synth, size=32, bs=16, num_workers=0, augment=False)   # a DataLoader's shuffle RNG advances with use

def test_lambda_zero_is_bit_identical(synth):
    def train(with_cb):
        set_seed(42)
        learn = arvit_learner(fresh(synth), arch=tiny, lam=0. if with_cb else None)
        with learn.no_bar(), learn.no_logging(): learn.fit_one_cycle(2, 3e-3)
        return learn.model.state_dict()
    a, b = train(True), train(False)
    assert all(torch.equal(a[k], b[k]) for k in a)
    c = train(True)
    assert all(torch.equal(a[k], c[k]) for k in a)   # and reproducible

def test_lambda_positive_changes_training(synth):
    def train(lam):
        set_seed(42)
        learn = arvit_learner(fresh(synth), arch=tiny, lam=lam)
        with learn.no_bar(), learn.no_logging(): learn.fit(1, 3e-3)
        return learn.model.state_dict()
    a, b = train(0.), train(0.1)
    assert not all(torch.equal(a[k], b[k]) for k in a)

def test_fastai_api_round_trip(sdls, tmp_path):
    set_seed(0)
    learn = arvit_learner(sdls, arch=tiny, lam=1e-2, path=tmp_path)
    with learn.no_bar():
        learn.lr_find(num_it=5, show_plot=False)
        learn.fine_tune(1, 1e-3, freeze_epochs=1)
    names = learn.recorder.metric_names
    for n in ('train_task_loss', 'train_dist_loss', 'train_l_x', 'valid_task_loss', 'valid_dist_loss', 'valid_l_x'): assert n in names
    vals = dict(zip(names[1:-1], learn.recorder.values[-1]))
    assert all(math.isfinite(vals[n]) for n in ('train_dist_loss', 'valid_dist_loss', 'valid_l_x'))
    preds, targs = learn.get_preds()
    assert preds.shape == (len(sdls.valid_ds), 4)
    v = learn.validate()
    assert math.isclose(v[0], vals['valid_loss'], rel_tol=1e-4)
    learn.show_results(max_n=2)
    # nothing stays hooked on the model between phases
    assert all(m.fused_attn and not m.attn_drop._forward_hooks for m in attention_modules(learn.model))
    learn.export('m.pkl')
    learn2 = load_learner(tmp_path/'m.pkl')
    p2, _ = learn2.get_preds(dl=learn2.dls.test_dl(sdls.valid_ds.items, with_labels=True))
    assert torch.allclose(preds, p2, atol=1e-6)

def test_bad_configuration(sdls):
    for kw, msg in [(dict(layers=(3,)), 'out of range'), (dict(layers=()), 'empty'), (dict(lam=-1.), 'lambda must be >= 0'),
                    (dict(alpha=-4.), 'alpha=-4'), (dict(beta=0.), 'beta=0'),
                    (dict(reg_kwargs=dict(penalty=torch.zeros(5, 5))), 'has 16 tokens'),
                    (dict(reg_kwargs=dict(reduction='max')), 'reduction'), (dict(model_kwargs=dict(img_size=30)), 'not divisible')]:
        with pytest.raises(ValueError, match=msg): arvit_learner(sdls, arch=tiny, **kw)

def test_real_imagewoof_regularization_lowers_l_x():
    "On real Imagewoof, the Distance Loss (batch mean) ends with a clearly lower l_X of the regularized layer than lambda = 0 (same seed)"
    require_real_data()
    def run(lam):
        set_seed(0)
        dls = imagewoof_dls(size=64, bs=32, subset=50, valid_subset=20, num_workers=0, seed=0)
        learn = arvit_learner(dls, lam=lam)
        with learn.no_bar(), learn.no_logging(): learn.fit_one_cycle(2, 1e-3)
        return dict(zip(learn.recorder.metric_names[1:-1], learn.recorder.values[-1]))
    base, reg = run(0.), run(0.3)   # 32 steps: a short run needs a strong lambda (0.3 with the mean is 1e-2 with the sum at batch 32)
    print(f"valid l_X: lam=0 {base['valid_l_x']:.2f}, lam=0.3 {reg['valid_l_x']:.2f}")
    assert reg['valid_l_x'] < base['valid_l_x'] - 3
