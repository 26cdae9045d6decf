#!/usr/bin/env bash
# Poll-interval tuning: runs 'faultline tune-poll' (the decision for a 30 s p90 onset bound:
# out/notebooks/tune-poll/tune-poll.csv and .png) and sweeps the FIS Lambda extension's slow poll
# (20 s .. 300 s) on scenarios/poll-interval-sweep.yaml with 10 replications per interval, then writes the table
# (out/notebooks/poll-tuning/poll-tuning.csv: expected and p95 time-to-effect, tail after stop,
# S3 GETs per hour, added invocation latency, with 95 % intervals) and the chart
# (poll-tuning.png) by executing notebooks/poll-interval-tuning.ipynb.
# Needs the Python packages of ./scripts/setup.sh. The sweep alone, without Python:
#   faultline sweep scenarios/poll-interval-sweep.yaml \
#     --set 'functions[*].fisExtension.slowPoll=20s,30s,60s,90s,120s,180s,240s,300s' --replications 10
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product faultline
FAULTLINE_BIN=.build/release/faultline python3 notebooks/run_notebooks.py poll-interval-tuning.ipynb
echo "decision: out/notebooks/tune-poll/tune-poll.csv (chart tune-poll.png)"
echo "table: out/notebooks/poll-tuning/poll-tuning.csv"
echo "chart: out/notebooks/poll-tuning/poll-tuning.png"
