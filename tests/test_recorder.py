"AttentionDistanceRecorder in real training: rows, change across epochs, export round trip, crash safety."
import math, pytest, torch, pandas as pd
from fastai.vision.all import Callback, CancelFitException, set_seed, load_learner
from arvit.data import *
from arvit.learner import *
from arvit.attention_distance import *
from arvit.widgets import HistoryExplorer

from conftest import tiny

def learner(synth, tmp_path, **kw):
    set_seed(0)
    dls = folder_dls(synth, size=32, bs=16, num_workers=0)
    return arvit_learner(dls, arch=tiny, lam=0.1, path=tmp_path, cbs=AttentionDistanceRecorder(probe_size=8, **kw))

def test_rows_change_and_export(synth, tmp_path):
    learn = learner(synth, tmp_path, every=2)
    with learn.no_bar(), learn.no_logging(): learn.fit(2, 3e-3)
    h = learn.attn_history
    n_iter = len(learn.dls.train)   # 64 images / 16 = 4 batches: mid-epoch record at batch 2 of each epoch
    points = h[['step', 'epoch']].drop_duplicates()
    assert list(points.epoch) == [0., .5, 1., 1.5, 2.] and n_iter == 4
    assert len(h) == len(points) * 3 * 4 and set(h.groupby(['step', 'epoch']).size()) == {12}
    first, last = h[h.epoch == 0].distance_px.values, h[h.epoch == 2].distance_px.values
    assert (abs(first - last) > 1e-4).any()
    assert ((h.distance_px >= 0) & (h.distance_px <= 32*math.sqrt(2))).all()
    on_disk = load_history(tmp_path/'models'/'attention_history.csv')
    pd.testing.assert_frame_equal(on_disk, h, check_exact=False, rtol=1e-6)
    learn.export('m.pkl')
    learn2 = load_learner(tmp_path/'m.pkl')
    pd.testing.assert_frame_equal(learn2.attention_distance_recorder.history, h)
    assert learn2.attention_distance_recorder.probe_xb is None

def test_recorder_does_not_change_training(synth, tmp_path):
    def train(with_rec):
        set_seed(0)
        dls = folder_dls(synth, size=32, bs=16, num_workers=0)
        learn = arvit_learner(dls, arch=tiny, lam=0.1, path=tmp_path, cbs=AttentionDistanceRecorder(fname=None, every=1) if with_rec else None)
        with learn.no_bar(), learn.no_logging(): learn.fit(2, 3e-3)
        return learn.model.state_dict()
    a, b = train(True), train(False)
    assert all(torch.equal(a[k], b[k]) for k in a)

class Boom(Callback):
    order = 100
    def after_batch(self):
        if self.epoch == 1 and self.iter == 1: raise RuntimeError('simulated crash mid-epoch')

def test_file_survives_a_crash(synth, tmp_path):
    learn = learner(synth, tmp_path)
    learn.add_cb(Boom())
    with pytest.raises(RuntimeError, match='simulated crash'):
        with learn.no_bar(), learn.no_logging(): learn.fit(3, 3e-3)
    h = load_history(tmp_path/'models'/'attention_history.csv')
    assert sorted(h.epoch.unique()) == [0., 1.]          # before training and after the one complete epoch
    assert len(h) == 2 * 3 * 4
    assert not [p for p in (tmp_path/'models').iterdir() if p.name.startswith('.')]   # no temp file left behind

def test_load_history_rejects_other_csv(tmp_path):
    (tmp_path/'x.csv').write_text('a,b\n1,2\n')
    with pytest.raises(ValueError, match='not an attention history'): load_history(tmp_path/'x.csv')

def test_explorer_reads_csv(synth, tmp_path):
    learn = learner(synth, tmp_path)
    with learn.no_bar(), learn.no_logging(): learn.fit(1, 3e-3)
    ex = HistoryExplorer(tmp_path/'models'/'attention_history.csv', layer=2)
    calls = []; ex.draw = lambda **kw: calls.append(kw)
    ex.head.value = 3; ex.epoch.value = 0.
    assert calls[-1] == dict(epoch=0., layer=2, head=3, runs=['run'])
    fig = HistoryExplorer(learn.attn_history, layer=1).draw(epoch=1., layer=1, head=None, runs=['run'])
    assert len(fig.axes) >= 3
