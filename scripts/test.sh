#!/usr/bin/env bash
# Runs every test: the Swift test suite (Swift Testing), then validates every shipped scenario
# with the CLI. Ends with a plain "tests: N passed, 0 failed" line when all pass.
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
echo "tests: $count passed, 0 failed"
