# The work queue shared by the experiment scripts (sourced, not run): the calling script defines OUT (its runs folder)
# and queue(), which prints one line per run, NAME|COMMAND ARGS..., in the order to run them; before_run CMD, if
# defined, prepares what CMD needs. Each call of work() claims the first run that is neither finished (summary.json)
# nor taken by another lane (NAME.lock), runs it, and goes on to the next; two calls side by side use the two cores
# (OMP_NUM_THREADS=1 each). A run interrupted in this working day continues from its last completed epoch.
# COMMIT=1: commit each finished run's small files at once (the .gitignore keeps weights and logs out), with the
# manifest regenerated (experiments/manifest.py).
# ONLY=REGEX: only the runs whose names match.
list_queue() {   # the queue and what is done
  queue | while IFS='|' read -r name cmd; do
    [[ $name =~ ${ONLY:-.} ]] || continue
    st=todo; [ -d $OUT/$name.lock ] && st=running; [ -f $OUT/$name/summary.json ] && st=done
    echo "$st $name: $cmd"
  done
}
commit_run() {   # $1: a finished run folder; retried while the foreground holds git's index lock
  local msg="run finished: $(basename $1), $(python -c "import json; print(f\"{json.load(open('$1/summary.json'))['valid_accuracy']:.1%}\")") (accuracy on its validation split)"
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    python experiments/manifest.py >/dev/null && git add -- "$1" experiments/runs/manifest.csv 2>/dev/null \
      && git commit -q -m "$msg" -- "$1" experiments/runs/manifest.csv && return 0
    sleep 30
  done; echo "could not commit $1"
}
work() {
  mkdir -p $OUT
  while true; do
    local picked= name cmd
    while IFS='|' read -r name cmd; do
      [ -f $OUT/$name/summary.json ] && continue
      [[ $name =~ ${ONLY:-.} ]] || continue
      mkdir $OUT/$name.lock 2>/dev/null || continue   # taken by the other lane
      picked=$name; break
    done < <(queue)
    [ -z "$picked" ] && { echo "nothing left to run"; return 0; }
    local d=$OUT/$picked resume=()
    if [ -f $d/checkpoint.pth ] && [ ! -f $d/config.json ]; then   # its settings are unknown, so --resume would refuse
      mv $d $d.incomplete-$(date +%s) && echo "moved $d aside (checkpoint.pth without config.json): starting it again"
    fi
    [ -f $d/checkpoint.pth ] && resume=(--resume)
    declare -F before_run >/dev/null && before_run "$cmd"
    # shellcheck disable=SC2086   # $cmd holds the command and its arguments, split on purpose
    OMP_NUM_THREADS=${OMP_NUM_THREADS:-1} $cmd --out $d "${resume[@]}" >> $d.log 2>&1 \
      && echo "done $d: $(python -c "import json; print(json.load(open('$d/summary.json'))['valid_accuracy'])")" \
      || echo "FAILED $d (see $d.log)"
    rmdir $OUT/$picked.lock
    [ -f $d/summary.json ] || return 1   # a failure stops this lane rather than looping on it
    [ "${COMMIT:-0}" = 1 ] && commit_run $d
  done
}
