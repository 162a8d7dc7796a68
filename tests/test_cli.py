"The console scripts as a user runs them: errors, run folders, interruption and --resume."
import json, os, signal, subprocess, sys, time
from pathlib import Path
import pandas as pd, pytest, torch

from conftest import BIN, cli, cli_args

def test_bad_arguments_exit_2_with_one_line(cli_data, tmp_path):
    "The installed console script turns a bad argument into exit 2, one line on stderr and no run folder (11_cli checks each message in-process)"
    r = cli('arvit-train', *cli_args(cli_data), '--epochs', 0, '--out', tmp_path/'bad')
    assert r.returncode == 2 and r.stderr.startswith('arvit-train: error: --epochs 0'), r.stderr
    assert r.stderr.strip().count('\n') == 0, r.stderr
    assert not (tmp_path/'bad').exists()

def test_existing_run_is_not_overwritten(cli_data, tmp_path):
    out = tmp_path/'run'
    assert cli('arvit-train', *cli_args(cli_data), '--epochs', 1, '--out', out).returncode == 0
    before = (out/'metrics.csv').read_text()
    r = cli('arvit-train', *cli_args(cli_data), '--epochs', 1, '--out', out)
    assert r.returncode == 2 and 'already holds a run' in r.stderr
    assert (out/'metrics.csv').read_text() == before
    r = cli('arvit-train', *cli_args(cli_data), '--epochs', 1, '--lam', 0.5, '--out', out, '--resume')
    assert r.returncode == 2 and 'resume with the same ones' in r.stderr
    s = json.loads((out/'summary.json').read_text())
    assert set(s) >= {'valid_accuracy', 'wall_time_s', 'train_images_per_s', 'distance_px_by_layer'}
    assert torch.load(out/'model.pth', weights_only=True).keys() == torch.load(out/'checkpoint.pth', weights_only=True)['model'].keys()

def test_kill_and_resume_matches_uninterrupted(cli_data, tmp_path):
    "SIGKILL after the first checkpoint, --resume, and end exactly where an uninterrupted run ends"
    args = [*cli_args(cli_data), '--epochs', 6, '--seed', 3]
    full = tmp_path/'full'
    assert cli('arvit-train', *args, '--out', full).returncode == 0
    out = tmp_path/'killed'
    p = subprocess.Popen([str(BIN/'arvit-train'), *map(str, args), '--out', str(out)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    t0 = time.time()
    while not (out/'checkpoint.pth').exists() and time.time() - t0 < 300 and p.poll() is None: time.sleep(0.02)
    p.send_signal(signal.SIGKILL); p.wait()
    done = torch.load(out/'checkpoint.pth', weights_only=True)['epoch']
    assert 1 <= done < 6, f'the run was killed after epoch {done}'
    r = cli('arvit-train', *args, '--out', out, '--resume')
    assert r.returncode == 0, r.stderr[-3000:]
    m_full, m = pd.read_csv(full/'metrics.csv'), pd.read_csv(out/'metrics.csv')
    assert list(m.epoch) == [1, 2, 3, 4, 5, 6]                       # no torn, missing or duplicated rows
    # train_loss is fastai's exponentially smoothed loss, which starts afresh in a new process; every other column is an epoch average
    cols = [c for c in m.columns if c not in ('epoch', 'train_loss')]
    assert len(cols) >= 8
    pd.testing.assert_frame_equal(m[cols], m_full[cols], check_exact=False, rtol=1e-4)
    h_full, h = pd.read_csv(full/'attention_history.csv'), pd.read_csv(out/'attention_history.csv')
    assert not h.duplicated(['epoch', 'layer', 'head']).any()
    pd.testing.assert_frame_equal(h, h_full, check_exact=False, rtol=1e-4)
    a, b = torch.load(full/'model.pth', weights_only=True), torch.load(out/'model.pth', weights_only=True)
    assert all(torch.allclose(a[k], b[k], atol=1e-5) for k in a)

def test_fast_paths_from_the_command_line(cli_data, tmp_path):
    "The fast paths are the default; --no-memory --no-fast-dropout is the reference path; --resume refuses to switch paths"
    out, ref = tmp_path/'fast', tmp_path/'ref'
    r = cli('arvit-train', *cli_args(cli_data), '--epochs', 1, '--out', out)
    assert r.returncode == 0, r.stderr[-3000:]
    cfg = json.loads((out/'config.json').read_text())
    assert cfg['memory'] is True and cfg['fast_dropout'] is True
    assert json.loads((out/'summary.json').read_text())['valid_accuracy'] is not None
    r = cli('arvit-train', *cli_args(cli_data), '--epochs', 1, '--no-memory', '--no-fast-dropout', '--out', ref)
    assert r.returncode == 0, r.stderr[-3000:]
    cfg = json.loads((ref/'config.json').read_text())
    assert cfg['memory'] is False and cfg['fast_dropout'] is False
    r = cli('arvit-train', *cli_args(cli_data), '--epochs', 2, '--out', out, '--resume', '--no-memory')
    assert r.returncode == 2 and 'memory: True -> False' in r.stderr, r.stderr[-2000:]

def test_holdout_validates_on_held_out_training_images(cli_data, tmp_path):
    "--holdout scores every epoch on a fixed part of train/ (never val/), and a resumed run keeps the same split"
    from arvit.cli import RunConfig, build
    learn = build(RunConfig(dataset=str(cli_data), holdout=.25, size=32, bs=16, workers=0))
    va, tr = list(learn.dls.valid_ds.items), list(learn.dls.train_ds.items)
    assert len(va) == 4*12 and len(tr) == 4*36                              # a quarter of each class's 48 training images
    assert all(o.parent.parent.name == 'train' for o in va) and not set(va) & set(tr)
    out = tmp_path/'tune'
    r = cli('arvit-train', *cli_args(cli_data), '--epochs', 1, '--holdout', .25, '--out', out)
    assert r.returncode == 0, r.stderr[-3000:]
    assert json.loads((out/'config.json').read_text())['holdout'] == .25
    r = cli('arvit-train', *cli_args(cli_data), '--epochs', 2, '--out', out, '--resume')
    assert r.returncode == 2 and 'holdout: 0.25 -> None' in r.stderr, r.stderr[-2000:]

def test_cnn_reference_from_the_command_line(cli_data, tmp_path):
    "--arch cnn_small trains without attention callbacks and writes the same run folder; it refuses a Distance Loss"
    r = cli('arvit-train', *cli_args(cli_data), '--epochs', 1, '--arch', 'cnn_small', '--out', tmp_path/'bad')
    assert r.returncode == 2 and 'pass --lam 0' in r.stderr and not (tmp_path/'bad').exists(), r.stderr
    out = tmp_path/'cnn'
    r = cli('arvit-train', *cli_args(cli_data), '--epochs', 1, '--arch', 'cnn_small', '--lam', 0, '--out', out)
    assert r.returncode == 0, r.stderr[-3000:]
    s = json.loads((out/'summary.json').read_text())
    assert 0 <= s['valid_accuracy'] <= 1 and s['distance_px_by_layer'] == {}
    assert {'train_accuracy', 'valid_accuracy'} <= set(pd.read_csv(out/'metrics.csv').columns)
    assert not (out/'attention_history.csv').exists()

def test_cnn_reference_for_the_rotation_pretext(cli_data, tmp_path):
    "arvit-pretrain --arch cnn_small learns the pretext without attention callbacks; arvit-transfer refuses a CNN body"
    out = tmp_path/'cnn-rot'
    r = cli('arvit-pretrain', *cli_args(cli_data), '--epochs', 1, '--arch', 'cnn_small', '--lam', 0, '--out', out)
    assert r.returncode == 0, r.stderr[-3000:]
    s = json.loads((out/'summary.json').read_text())
    assert 0 <= s['valid_accuracy'] <= 1 and s['distance_px_by_layer'] == {}
    assert json.loads((out/'config.json').read_text())['task'] == 'rotation'
    r = cli('arvit-transfer', out, *cli_args(cli_data), '--epochs', 1, '--arch', 'cnn_small', '--lam', 0, '--out', tmp_path/'bad')
    assert r.returncode == 2 and 'cannot be transferred' in r.stderr and not (tmp_path/'bad').exists(), r.stderr

def test_vit_body_probed_through_the_flatten_readout(cli_data, tmp_path):
    "arvit-transfer --readout flatten probes a ViT body through ARViT's flatten head: the body as pre-trained, a head over every patch token"
    pre, probe = tmp_path/'vit-rot', tmp_path/'probe-flat'
    r = cli('arvit-pretrain', *cli_args(cli_data), '--epochs', 1, '--arch', 'vit_small', '--lam', 0, '--out', pre)
    assert r.returncode == 0, r.stderr[-3000:]
    r = cli('arvit-transfer', pre, *cli_args(cli_data), '--epochs', 1, '--arch', 'vit_small', '--readout', 'flatten', '--out', probe)
    assert r.returncode == 0, r.stderr[-3000:]
    a, b = (torch.load(d/'model.pth', weights_only=True) for d in (pre, probe))
    assert b['head.4.weight'].shape == (4, 16*192)   # 4 classes; 4 x 4 patch tokens of width 192, the class token dropped
    body = [k for k in a if not k.startswith('head.')]
    assert body and all(torch.equal(a[k], b[k]) for k in body)   # a probe: the body as pre-trained
    assert json.loads((probe/'config.json').read_text())['readout'] == 'flatten'

def test_recorder_measures_with_the_runs_penalty(cli_data, tmp_path):
    "A run with --beta 500 writes l_X under beta 500 both to metrics.csv (the loss) and to its history and summary (the recorder)"
    from arvit.geometry import penalty_matrix
    from arvit.capture import attention_maps, model_grid
    from arvit.loss import l_x
    out = tmp_path/'b500'
    r = cli('arvit-train', *cli_args(cli_data), '--epochs', 1, '--beta', 500, '--out', out)
    assert r.returncode == 0, r.stderr[-3000:]
    from arvit.cli import RunConfig, build
    learn = build(RunConfig(**{**json.loads((out/'config.json').read_text()), 'out': str(tmp_path/'unused')}))
    learn.model.load_state_dict(torch.load(out/'model.pth', weights_only=True))
    rec = learn.attention_distance_recorder; rec._probe()
    grid = model_grid(learn.model); a = attention_maps(learn.model, rec.probe_xb)[1].float().as_subclass(torch.Tensor)
    want, other = (float(l_x(a, penalty_matrix(grid, 4, b)).mean()) for b in (500, .5))
    got = json.loads((out/'summary.json').read_text())['l_x_by_layer']['1']
    assert abs(got - want) < 1e-3 and abs(got - other) > 1, (got, want, other)

@pytest.mark.parametrize('arch, marker', [('small_distbias', 'logit_bias.slope'), ('small_convstem', 'patch_embed.0.weight'), ('small_gpsa', 'attn.gating_param'), ('small_spt_lsa', 'attn.temperature')])
def test_locality_priors_from_the_command_line(cli_data, tmp_path, arch, marker):
    "--arch small_distbias / small_convstem / small_gpsa / small_spt_lsa train an ARViT with a locality prior built in, recorded like any other run"
    out = tmp_path/arch
    r = cli('arvit-train', *cli_args(cli_data), '--epochs', 1, '--arch', arch, '--lam', 0, '--out', out)
    assert r.returncode == 0, r.stderr[-3000:]
    sd = torch.load(out/'model.pth', weights_only=True)
    assert [k for k in sd if k.endswith(marker)], f'no {marker} in the saved weights: the prior is missing'
    s = json.loads((out/'summary.json').read_text())
    assert set(s['distance_px_by_layer']) == {str(l) for l in range(6)}   # every layer measured, as for the plain ARViT
    if arch == 'small_gpsa':   # ConViT's gates, before training and after each epoch
        g = pd.read_csv(out/'gates.csv'); assert sorted(g.epoch.unique()) == [0, 1] and len(g) == 2*5*6
