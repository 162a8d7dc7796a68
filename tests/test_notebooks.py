"Run every notebook through `nbdev-test`, one pytest line per notebook."
import subprocess, sys, os
from pathlib import Path
import pytest

NBS = sorted(p.name for p in (Path(__file__).resolve().parents[1]/'nbs').glob('*.ipynb'))

@pytest.mark.parametrize('nb', NBS)
def test_notebook(nb):
    root = Path(__file__).resolve().parents[1]
    r = subprocess.run([Path(sys.executable).parent/'nbdev-test', f'nbs/{nb}', '--n-workers', '0'],
                       cwd=root, capture_output=True, text=True, timeout=900)
    assert r.returncode == 0, f'{nb} failed under nbdev-test:\n{r.stdout[-4000:]}\n{r.stderr[-8000:]}'
