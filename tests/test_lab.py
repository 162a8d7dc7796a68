"The lab's map stays in step with its run folders, and the README's results with the runs they summarize."
import sys
from pathlib import Path
from conftest import ROOT
sys.path.insert(0, str(ROOT/'experiments')); sys.path.insert(0, str(ROOT/'tools'))

def test_manifest_is_generated_from_the_run_folders():
    from manifest import manifest_csv, RUNS
    assert (RUNS/'manifest.csv').read_text() == manifest_csv(), 'experiments/runs/manifest.csv is stale: run `python experiments/manifest.py`'

def test_manifest_says_what_each_name_means():
    import pandas as pd
    from manifest import RUNS
    m = pd.read_csv(RUNS/'manifest.csv').set_index('run')
    assert m.loc['full/rot-union-paper-s1', ['model', 'arm']].tolist() == ['small', 'paper-loss']   # "paper" in a name: the loss
    assert m.loc['gpu/woof-paper-lam0-s1', ['model', 'arm']].tolist() == ['paper', 'plain']         # "paper" as a model: its size
    assert m.loc['full/woof-probe-lam0-r3-s2', ['seed', 'pretrain_run', 'cycle']].tolist() == [2, 3, 1]
    assert m.loc['full/nette-probe-paper-c5-s1', ['arm', 'pretrain_run', 'cycle']].tolist() == ['paper-loss', 1, 5]
    assert not any(r.startswith(('woof_', 'nette_')) for r in m.index), 'the 1,000-image grid belongs under archive/'

def test_the_default_lambda_rule_reads_from_the_largest_lambda_down():
    import pandas as pd
    from recipe_lambda import choose
    tab = lambda rows: pd.DataFrame(rows, columns=['lam', 'seeds', 'lo', 'hi']).set_index('lam')
    # 0.3 costs accuracy, 0.1 is within noise: 0.1, whatever the smaller lambdas say (they have no runs yet)
    assert choose(tab([(0, 3, None, None), (0.01, 0, None, None), (0.1, 3, -3.8, 0.3), (0.3, 3, -6.0, -1.0)]))[0] == 0.1
    # the largest lambda has too few seeds: not decided, even though 0.1 passes
    assert choose(tab([(0, 3, None, None), (0.1, 3, -3.8, 0.3), (0.3, 2, -6.0, 1.0)]))[0] is None
    # an interval above zero passes too; none passing is not decided
    assert choose(tab([(0, 3, None, None), (0.1, 3, 0.5, 2.0), (0.3, 3, 0.1, 1.0)]))[0] == 0.3
    assert choose(tab([(0, 3, None, None), (0.1, 3, -4.0, -0.5)]))[0] is None
