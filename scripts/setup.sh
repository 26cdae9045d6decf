#!/usr/bin/env bash
# Installs what Faultline needs on a Debian/Ubuntu machine that already has Swift:
# GSL (libgsl-dev) and pkg-config; Chromium, which the tests use to render report.html in a
# headless browser (they skip that check, saying so, without it; FAULTLINE_NO_CHROMIUM=1 leaves it
# out); and the pinned Python packages of the Dask driver and the notebooks
# (python/requirements.txt) when python3 is there. Safe to run again; does nothing when all is present.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
pkg-config --exists gsl 2>/dev/null || need+=(libgsl-dev)
command -v pkg-config >/dev/null 2>&1 || need+=(pkg-config)
if [ "${FAULTLINE_NO_CHROMIUM:-0}" != "1" ]; then
  command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || need+=(chromium)
fi

if [ ${#need[@]} -gt 0 ]; then
  echo "faultline setup: installing ${need[*]}"
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi

command -v swift >/dev/null 2>&1 || { echo "faultline setup: Swift 6.1 or later is required (https://swift.org/install)"; exit 1; }
echo "faultline setup: GSL $(pkg-config --modversion gsl), $(swift --version 2>/dev/null | head -1)"

# Python: the Dask shard driver (python/) and the notebooks (notebooks/).
if command -v python3 >/dev/null 2>&1; then
  want=$(grep -E '^[A-Za-z]' python/requirements.txt | tr '\n' ' ')
  if ! python3 - "$want" <<'PY' >/dev/null 2>&1
import sys
from importlib.metadata import version
for req in sys.argv[1].split():
    name, pinned = req.split("==")
    name = name.split("[")[0]
    if version(name) != pinned:
        sys.exit(1)
PY
  then
    echo "faultline setup: installing Python packages (python/requirements.txt)"
    python3 -m pip install -q --disable-pip-version-check -r python/requirements.txt \
      || echo "faultline setup: warning: pip could not install python/requirements.txt; the Python tests and notebooks will be skipped"
  fi
else
  echo "faultline setup: python3 not found; the Dask driver and notebooks need Python 3.10 or later"
fi
