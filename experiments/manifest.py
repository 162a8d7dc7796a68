"""Write experiments/runs/manifest.csv: one row per run folder under experiments/runs/ (arvit.runs.manifest), the lab's
map. A run still in progress (the queue's NAME.lock beside it) is left out until it is committed with its results.
Usage: python experiments/manifest.py            (tests/test_lab.py fails when the committed file differs)"""
from pathlib import Path
import pandas as pd
from arvit.runs import manifest

RUNS = Path(__file__).parent/'runs'

def lab_manifest(root=RUNS)->pd.DataFrame:
    "The manifest of `root`, without the runs that a queue lane is running now"
    m = manifest(root)
    running = m.run.map(lambda r: (Path(root)/f'{r}.lock').is_dir())
    return m[~running].reset_index(drop=True)

def manifest_csv(root=RUNS)->str: return lab_manifest(root).to_csv(index=False)

if __name__ == '__main__':
    (RUNS/'manifest.csv').write_text(manifest_csv())
    print(f"wrote {RUNS/'manifest.csv'}")
