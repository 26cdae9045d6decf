#!/usr/bin/env bash
# Corpus replay: every FIS template of ../shared/corpus/fis-templates through a scenario
# synthesized around it (what 'faultline plan TEMPLATE --synthesize --scenario-out FILE' writes)
# and a run, classified replayed / correctly refused / blocked by category
# (docs/fis-templates.md, "Corpus replay"). Prints the share table as Markdown;
# --list also prints one line per template (file, outcome, final state, blockers).
# It runs the test that keeps the share (CorpusReplayTests), so the numbers are the test's.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f ../shared/corpus/fis-templates/MANIFEST.tsv ]; then
    echo "corpus-replay: ../shared/corpus/fis-templates not found (the FIS template corpus)" >&2
    exit 1
fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! swift test --filter CorpusReplayTests >"$log" 2>&1; then
    grep -E "error|✘|failed" "$log" >&2 || tail -40 "$log" >&2
    exit 1
fi
if [ "${1:-}" = "--list" ]; then
    sed -n 's/^replay: //p' "$log"
    echo
fi
sed -n 's/^replay-table: //p' "$log"
