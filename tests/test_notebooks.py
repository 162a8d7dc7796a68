"""Run every notebook through `nbdev-test`, in one call with two workers.

One call, not one per notebook: each worker imports torch and fastai (about 5 s) once for all the notebooks it runs,
and the two workers keep both cores busy while a notebook waits on imports, files or a child process. A failure in one
notebook does not stop the others, and the message names every notebook that failed."""
import re, subprocess, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NBS = sorted(p.name for p in (ROOT/'nbs').glob('*.ipynb'))

def test_every_notebook_runs():
    r = subprocess.run([Path(sys.executable).parent/'nbdev-test', 'nbs', '--n-workers', '2', '--timing'],
                       cwd=ROOT, capture_output=True, text=True, timeout=2400)
    assert r.returncode == 0, f'nbdev-test failed:\n{r.stdout[-4000:]}\n{r.stderr[-12000:]}'
    # --timing prints "name.ipynb: N secs" for each notebook it ran: all of them must have run
    timed = dict(re.findall(r'^(\S+\.ipynb): (\d+) secs$', r.stdout, re.M))
    assert sorted(timed) == NBS, f'nbdev-test ran {sorted(timed)}, the notebooks are {NBS}'
    print('seconds per notebook:', timed)
