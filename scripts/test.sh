#!/usr/bin/env bash
# Runs every test, quickest checks first so a broken tree fails fast:
#   1. set-up (./scripts/setup.sh: GSL, Chromium, the pinned Python packages), then the
#      formatting check (swift format lint --strict with .swift-format; about 2 s)
#   2. build the faultline binary (debug) and validate every shipped scenario with it; then the
#      kernel benchmark gate (benchmarks/Gate: allocations per event, throughput as a ratio to
#      the C reference heap), from a release build of the kernel alone (seconds)
#   3. the Swift test suite (Swift Testing)
#   4. the Python side: the Dask driver against a LocalCluster, then every notebook executed
#      headlessly (FAULTLINE_QUICK=1: short horizons), both with the binary of step 2; then
#      `faultline serve` driven by the real AWS CLI and boto3 (python/test_faultline_serve.py)
# The Python part is skipped, saying so, when its packages are missing (./scripts/setup.sh
# installs them). Prints how long each step took, then ends with a plain
# "tests: N passed, 0 failed" line when all pass.
set -uo pipefail
cd "$(dirname "$0")/.."
start=$SECONDS
step() { echo "== $1 ($((SECONDS - start)) s)"; }

step "set-up"
./scripts/setup.sh || exit 1

step "formatting (swift format lint --strict, configuration in .swift-format)"
fmt_paths=(Sources Tests benchmarks/Benchmarks benchmarks/Gate Package.swift benchmarks/Package.swift)
if swift format --version >/dev/null 2>&1; then
  swift format lint --strict --recursive --parallel "${fmt_paths[@]}" \
    || { echo "tests: the tree is not formatted; run: swift format format --in-place --recursive --parallel ${fmt_paths[*]}"; exit 1; }
else
  echo "skipped: the formatting check (this Swift toolchain has no 'swift format')"
fi

step "build and validate the shipped scenarios"
swift build --product faultline || { echo "tests: the build failed"; exit 1; }
bin="$(swift build --show-bin-path)/faultline"
"$bin" validate scenarios/*.yaml || { echo "tests: scenario validation failed"; exit 1; }

step "kernel benchmark gate (release build of the kernel alone; docs/performance.md)"
swift build -c release --product kernel-gate || { echo "tests: the kernel benchmark gate did not build"; exit 1; }
"$(swift build -c release --show-bin-path)/kernel-gate" || { echo "tests: the kernel benchmark gate failed"; exit 1; }

log=$(mktemp)
trap 'rm -f "$log"' EXIT
step "swift test"
swift test 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
if [ "$status" -ne 0 ]; then
  echo "tests: swift test failed (exit $status)"
  exit "$status"
fi
count=$(grep -oE 'Test run with [0-9]+ tests? ' "$log" | grep -oE '[0-9]+' | tail -n 1)
if [ -z "$count" ] || [ "$count" -eq 0 ]; then
  echo "tests: no test ran"
  exit 1
fi
swift_count=$count
py=0
nbs=0
if python3 -c "import dask.distributed, pandas, matplotlib, nbclient, nbformat, ipykernel" 2>/dev/null; then
  step "Python: the Dask driver"
  FAULTLINE_BIN="$bin" python3 python/test_faultline_dask.py 2>&1 | tee "$log"
  [ "${PIPESTATUS[0]}" -eq 0 ] || { echo "tests: the Dask driver test failed"; exit 1; }
  py=$(grep -oE '^Ran [0-9]+ test' "$log" | grep -oE '[0-9]+' | tail -n 1)
  step "Python: the notebooks"
  FAULTLINE_BIN="$bin" FAULTLINE_QUICK=1 python3 notebooks/run_notebooks.py 2>&1 | grep -v 'without encryption' | tee "$log"
  [ "${PIPESTATUS[0]}" -eq 0 ] || { echo "tests: a notebook failed"; exit 1; }
  nbs=$(grep -oE '^notebooks: [0-9]+ passed' "$log" | grep -oE '[0-9]+' | tail -n 1)
  count=$((count + ${py:-0} + ${nbs:-0}))
else
  echo "skipped: the Dask driver test and the notebooks (Python packages missing; run ./scripts/setup.sh)"
fi
srv=0
if python3 -c "import boto3, awscli" 2>/dev/null && command -v aws >/dev/null 2>&1; then
  step "Python: faultline serve with the AWS CLI and boto3"
  FAULTLINE_BIN="$bin" python3 python/test_faultline_serve.py 2>&1 | tee "$log"
  [ "${PIPESTATUS[0]}" -eq 0 ] || { echo "tests: the faultline serve client test failed"; exit 1; }
  srv=$(grep -oE '^Ran [0-9]+ test' "$log" | grep -oE '[0-9]+' | tail -n 1)
  count=$((count + ${srv:-0}))
else
  echo "skipped: the faultline serve client test (awscli/boto3 missing; run ./scripts/setup.sh)"
fi
step "done: swift $swift_count, Dask driver ${py:-0}, notebooks ${nbs:-0}, serve clients ${srv:-0}"
echo "tests: $count passed, 0 failed"
