"fastai's distributed path (accelerate + DDP) on 2 CPU processes with gloo: same result as one process, files from rank 0 only."
import json, socket, subprocess, sys
from pathlib import Path
import pytest, torch

from conftest import free_port

def test_two_cpu_processes_match_one(tmp_path):
    pytest.importorskip('accelerate')
    from arvit.data import make_synthetic_dataset
    data = make_synthetic_dataset(tmp_path/'synth', n_train=16, n_valid=8, n_classes=4, size=32)   # 64 training images
    script = Path(__file__).parent/'distrib_train.py'
    one, two = tmp_path/'one', tmp_path/'two'
    # one process, full batch of 64; two processes, 32 each: every step sees the same 64 images, so gradients agree
    r1 = subprocess.run([sys.executable, script, data, one, '64'], capture_output=True, text=True, timeout=600)
    assert r1.returncode == 0, r1.stderr[-3000:]
    env = {'ACCELERATE_USE_CPU': 'true', 'OMP_NUM_THREADS': '1'}
    import os
    r2 = subprocess.run([sys.executable, '-m', 'torch.distributed.run', '--nproc_per_node', '2', '--master_addr', '127.0.0.1',
                         '--master_port', str(free_port()), script, data, two, '32'],
                        capture_output=True, text=True, timeout=600, env={**os.environ, **env})
    assert r2.returncode == 0, r2.stderr[-5000:]
    res1, res2 = json.loads((one/'result.json').read_text()), json.loads((two/'result.json').read_text())
    assert res2['world'] == 2 and res1['world'] == 0
    w1, w2 = torch.load(one/'weights.pth', weights_only=True), torch.load(two/'weights.pth', weights_only=True)
    worst = max((w1[k] - w2[k]).abs().max().item() for k in w1)
    assert worst < 1e-4, f'weights differ by {worst}'
    assert abs(res1['valid'][0] - res2['valid'][0]) < 1e-4
    assert (two/'models'/'history.csv').exists() and (two/'rank1.done').exists()
    assert sorted(p.name for p in two.iterdir()) == ['models', 'rank1.done', 'result.json', 'weights.pth']   # rank 1 wrote only its marker
