"What every test shares: the data location, a tiny model, the CLI runner, a free port and the synthetic datasets."
import os, socket, subprocess, sys
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent/'shared'/'data'
BIN = Path(sys.executable).parent   # the venv's console scripts

def pytest_configure(config):
    # Tests read the real archives from ../shared/data unless the caller points ARVIT_DATA elsewhere.
    if 'ARVIT_DATA' not in os.environ and SHARED_DATA.is_dir(): os.environ['ARVIT_DATA'] = str(SHARED_DATA)

def require_real_data():
    "Real-data tests must run in CI: skip only on a developer machine without the archives"
    if os.environ.get('CI') or (Path(os.environ.get('ARVIT_DATA', '/nonexistent'))/'imagewoof2-160.tgz').exists(): return
    pytest.skip('no ARVIT_DATA with imagewoof2-160.tgz (CI always has it)')

def tiny(n_out, **kw):
    "An ARViT small enough for a test step in milliseconds: 32 px, 8 px patches (16 tokens), 3 layers of width 48"
    from arvit.model import arvit_small
    return arvit_small(n_out, **{'img_size': 32, 'patch_size': 8, 'dim': 48, 'depth': 3, 'heads': 4, 'ffn_dim': 64, 'dropout': 0., **kw})

def cli(cmd, *args, **kw):
    "Run an installed console script as a user would; capture its output"
    return subprocess.run([str(BIN/cmd), *map(str, args)], capture_output=True, text=True, timeout=600, **kw)

def cli_args(data, **kw):
    "The arguments that make the CLI train on a synthetic folder in seconds"
    args = dict(dataset=data, size=32, bs=16, workers=0, probe_size=4, **kw)
    return [a for k, v in args.items() for a in (f"--{k.replace('_', '-')}", v)]

def free_port()->int:
    with socket.socket() as s: s.bind(('127.0.0.1', 0)); return s.getsockname()[1]

@pytest.fixture(scope='session')
def synth(tmp_path_factory):
    "A small learnable synthetic dataset in the Imagenette layout: 4 classes, 16 training and 8 validation images each"
    from arvit.data import make_synthetic_dataset
    return make_synthetic_dataset(tmp_path_factory.mktemp('data')/'synth', n_train=16, n_valid=8, n_classes=4, size=32)

@pytest.fixture(scope='session')
def cli_data(tmp_path_factory):
    "The CLI tests' dataset: 48 training images per class, so an epoch has several batches to interrupt"
    from arvit.data import make_synthetic_dataset
    return make_synthetic_dataset(tmp_path_factory.mktemp('cli')/'synth', n_train=48, n_valid=8, n_classes=4, size=32)
