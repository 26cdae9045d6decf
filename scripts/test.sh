#!/usr/bin/env bash
# Runs every test: the Swift test suite (Swift Testing), validates every shipped scenario with
# the CLI, then the Python side: the Dask driver against a LocalCluster and every notebook
# executed headlessly (FAULTLINE_QUICK=1: short horizons). The Python part is skipped, saying
# so, when its packages are missing (./scripts/setup.sh installs them).
# Ends with a plain "tests: N passed, 0 failed" line when all pass.
set -uo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh || exit 1

log=$(mktemp)
trap 'rm -f "$log"' EXIT
swift test 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
if [ "$status" -ne 0 ]; then
  echo "tests: swift test failed (exit $status)"
  exit "$status"
fi

swift run -c debug faultline validate scenarios/*.yaml || { echo "tests: scenario validation failed"; exit 1; }

count=$(grep -oE 'Test run with [0-9]+ tests? ' "$log" | grep -oE '[0-9]+' | tail -n 1)
if [ -z "$count" ] || [ "$count" -eq 0 ]; then
  echo "tests: no test ran"
  exit 1
fi

bin="$(swift build --show-bin-path)/faultline"
if python3 -c "import dask.distributed, pandas, matplotlib, nbclient, nbformat, ipykernel" 2>/dev/null; then
  FAULTLINE_BIN="$bin" python3 python/test_faultline_dask.py 2>&1 | tee "$log"
  [ "${PIPESTATUS[0]}" -eq 0 ] || { echo "tests: the Dask driver test failed"; exit 1; }
  py=$(grep -oE '^Ran [0-9]+ test' "$log" | grep -oE '[0-9]+' | tail -n 1)
  count=$((count + ${py:-0}))
  FAULTLINE_BIN="$bin" FAULTLINE_QUICK=1 python3 notebooks/run_notebooks.py 2>&1 | grep -v 'without encryption' | tee "$log"
  [ "${PIPESTATUS[0]}" -eq 0 ] || { echo "tests: a notebook failed"; exit 1; }
  nbs=$(grep -oE '^notebooks: [0-9]+ passed' "$log" | grep -oE '[0-9]+' | tail -n 1)
  count=$((count + ${nbs:-0}))
else
  echo "skipped: the Dask driver test and the notebooks (Python packages missing; run ./scripts/setup.sh)"
fi
echo "tests: $count passed, 0 failed"
