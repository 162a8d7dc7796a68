"""Edit notebook cells from the shell (a development helper): `python tools/nbedit.py NB OLD NEW` replaces the text
OLD, which must occur in exactly one cell, by NEW in that cell, keeping every other byte of the notebook."""
import sys, json
from pathlib import Path

def edit(nb_path, old, new):
    p = Path(nb_path); nb = json.loads(p.read_text())
    hits = [c for c in nb['cells'] if old in ''.join(c['source'])]
    if len(hits) != 1: sys.exit(f"{old[:60]!r} is in {len(hits)} cells of {p}, not one")
    src = ''.join(hits[0]['source'])
    if src.count(old) != 1: sys.exit(f"{old[:60]!r} occurs {src.count(old)} times in its cell")
    hits[0]['source'] = src.replace(old, new).splitlines(keepends=True)
    p.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + '\n')

if __name__ == '__main__': edit(*sys.argv[1:4])
