import os, sys, subprocess
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent/'shared'/'data'

def pytest_configure(config):
    # Tests read the real archives from ../shared/data unless the caller points ARVIT_DATA elsewhere.
    if 'ARVIT_DATA' not in os.environ and SHARED_DATA.is_dir(): os.environ['ARVIT_DATA'] = str(SHARED_DATA)

@pytest.fixture(scope='session')
def synth(tmp_path_factory):
    "A small learnable synthetic dataset in the Imagenette layout"
    from arvit.data import make_synthetic_dataset
    return make_synthetic_dataset(tmp_path_factory.mktemp('data')/'synth', n_train=16, n_valid=8, n_classes=4, size=32)

def require_real_data():
    "Real-data tests must run in CI: skip only on a developer machine without the archives"
    if os.environ.get('CI') or (Path(os.environ.get('ARVIT_DATA', '/nonexistent'))/'imagewoof2-160.tgz').exists(): return
    pytest.skip('no ARVIT_DATA with imagewoof2-160.tgz (CI always has it)')
