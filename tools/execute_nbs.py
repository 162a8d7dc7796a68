"""Execute notebooks in place, keeping outputs and widget state (they are the documentation), then `nbdev-clean` them.

Usage: python tools/execute_nbs.py [nbs/NN_name.ipynb ...]   (default: every notebook in nbs/; ARVIT_DATA for real data;
       ARVIT_SKIP_SLOW=1 keeps the committed outputs of `#| slow` cells instead of running them)

Why not plain `jupyter nbconvert --execute`: nbclient waits for each cell's `execute_reply` with one zmq asyncio poll
on the shell socket, whose timeout is the whole cell timeout. When a cell opens many widget comms (the tutorial's
`HistoryExplorer` opens about 30), the reply can land while nbclient is busy with that burst of iopub messages, and
the poll misses the wake-up: nbclient then sits idle, with the kernel idle too, until the cell timeout expires, and
only then finds the reply waiting (measured: iopub `idle` at 11.6 s, `execute_reply` read at 70.9 s with a 60 s
timeout). With the default 900 s timeout this looked like a hang. Polling the shell socket in short slices finds a
reply that has already arrived at the next slice, so a missed wake-up costs at most `SLICE` seconds.
"""
import os, subprocess, sys, time
from pathlib import Path
from queue import Empty
import nbformat
from nbclient import NotebookClient

SLICE = 0.5   # seconds per shell poll

class SlicedPollClient(NotebookClient):
    "`NotebookClient` whose shell-channel reads poll in short slices, so a missed zmq wake-up cannot stall a cell"
    async def async_start_new_kernel_client(self):
        kc = await super().async_start_new_kernel_client()
        ch = kc.shell_channel; get = ch.get_msg
        async def get_msg(timeout=None):
            end = None if timeout is None else time.monotonic() + timeout
            while True:
                step = SLICE if end is None else max(0., min(SLICE, end - time.monotonic()))
                try: return await get(timeout=step)
                except Empty:
                    if end is not None and time.monotonic() >= end: raise
        ch.get_msg = get_msg
        return kc

    async def async_execute_cell(self, cell, cell_index, execution_count=None, store_history=True):
        "With ARVIT_SKIP_SLOW=1, a `#| slow` cell keeps its committed outputs instead of running (when only other cells changed)"
        if os.environ.get('ARVIT_SKIP_SLOW') == '1' and cell.cell_type == 'code' and cell.source.lstrip().startswith('#| slow'): return cell
        return await super().async_execute_cell(cell, cell_index, execution_count=execution_count, store_history=store_history)

def execute(path:Path, timeout:int=900):
    "Run `path` top to bottom in its own folder and write it back with outputs and widget state"
    nb = nbformat.read(path, as_version=4)
    SlicedPollClient(nb, timeout=timeout, store_widget_state=True, kernel_name='python3',
                     resources={'metadata': {'path': str(path.parent)}}).execute()
    nbformat.write(nb, path)

if __name__ == '__main__':
    root = Path(__file__).resolve().parents[1]
    os.environ.update(ARVIT_SAVE_FIGURES='1', MPLBACKEND='module://matplotlib_inline.backend_inline',
                      # torch warns about fastai's own use of torch.jit.script at import: not the course's business
                      PYTHONWARNINGS='ignore::FutureWarning:torch.jit._script')
    paths = [Path(p).resolve() for p in sys.argv[1:]] or sorted((root/'nbs').glob('*.ipynb'))
    for p in paths:
        t = time.time(); execute(p); print(f'{p.relative_to(root)}: {time.time() - t:.0f} s', flush=True)
    subprocess.run(['nbdev-clean'], cwd=root, check=True)
