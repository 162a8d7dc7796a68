#!/usr/bin/env bash
# Execute notebooks in place (outputs and widget state are committed: they are the documentation), then clean them.
# Usage: bash tools/execute_nbs.sh [nbs/NN_name.ipynb ...]   (default: all). Needs ARVIT_DATA for the real-data cells.
set -euo pipefail
cd "$(dirname "$0")/.."
export ARVIT_SAVE_FIGURES=1 MPLBACKEND=module://matplotlib_inline.backend_inline
nbs=("$@"); [ ${#nbs[@]} -eq 0 ] && nbs=(nbs/*.ipynb)
for nb in "${nbs[@]}"; do
  start=$SECONDS
  jupyter nbconvert --to notebook --execute --inplace --ExecutePreprocessor.timeout=900 \
    --ExecutePreprocessor.store_widget_state=True "$nb" 2>/tmp/arvit-exec.log || { tail -30 /tmp/arvit-exec.log; exit 1; }
  echo "$nb: $((SECONDS-start)) s"
done
nbdev-clean
