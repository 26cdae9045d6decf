#!/usr/bin/env bash
# Installs what Faultline needs on a Debian/Ubuntu machine that already has Swift:
# GSL (libgsl-dev) and pkg-config, and Chromium, which the tests use to render report.html in a
# headless browser (they skip that check, saying so, without it). Safe to run again; does
# nothing when all is present. FAULTLINE_NO_CHROMIUM=1 leaves Chromium out.
set -euo pipefail

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
