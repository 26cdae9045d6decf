#!/usr/bin/env bash
# Faultline vs the hand-written C + GSL reference simulators (mmc.c, loss.c here), side by side
# in one run on the same models, outputs included: alternates `faultline run` and the C program
# PAIRS times per model and prints the median arrivals per CPU-second (user + sys) of each,
# their ratio, and each pair's ratio with the median of those. The C programs are compiled
# with gcc -O2 against GSL; both use mt19937 (pass RNG=taus2 for the generator the issue's
# first measurement used).
#   benchmarks/reference/compare.sh                 # builds faultline (release) first
#   FAULTLINE_BIN=path/to/faultline PAIRS=3 benchmarks/reference/compare.sh
# MMC_HOURS (620: 20.1 M arrivals) and LOSS_HOURS (70: 20.2 M arrivals) set the horizons.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
pairs=${PAIRS:-5}
rng=${RNG:-mt19937}
mmc_h=${MMC_HOURS:-620}
loss_h=${LOSS_HOURS:-70}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

gsl=$(pkg-config --cflags --libs gsl)
gcc -O2 -o "$work/mmc" "$here/mmc.c" $gsl
gcc -O2 -o "$work/loss" "$here/loss.c" $gsl
if [ -z "${FAULTLINE_BIN:-}" ]; then
  (cd "$root" && swift build -c release --product faultline >/dev/null)
  FAULTLINE_BIN="$(cd "$root" && swift build -c release --show-bin-path)/faultline"
fi

# cpu SECONDS of a command (user + sys), its stdout kept in $work/stdout; a run too short for
# /usr/bin/time's 10 ms resolution stops the script (a rate from it would be infinite)
cpu() {
  /usr/bin/time -f "%U %S" -o "$work/time" "$@" >"$work/stdout"
  if awk '{ exit !($1 + $2 < 0.05) }' "$work/time"; then
    echo "compare.sh: '$(basename "$1")' took under 0.05 s of CPU, too short to time; use longer MMC_HOURS / LOSS_HOURS" >&2
    exit 1
  fi
  awk '{ printf "%.3f", $1 + $2 }' "$work/time"
}
median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

run_model() { # name scenario hours cprog
  local name=$1 scenario=$2 hours=$3 prog=$4 fl_rates=() c_rates=() pair_ratios=() fl_n c_n
  for i in $(seq "$pairs"); do
    rm -rf "$work/out"
    local t n
    t=$(cd "$root" && cpu "$FAULTLINE_BIN" run "$scenario" --horizon "${hours}h" --out "$work/out" --quiet)
    n=$(grep -o '"requests" *: *[0-9]*' "$work/out/summary.json" | head -1 | grep -oE '[0-9]+$')
    fl_rates+=("$(awk -v n="$n" -v t="$t" 'BEGIN { printf "%.3f", n / t / 1e6 }')")
    fl_n=$n
    t=$(cpu "$work/$prog" "$hours" "$work/c.csv" "$rng")
    n=$(awk '{ print $2 }' "$work/stdout")
    c_n=$n
    c_rates+=("$(awk -v n="$n" -v t="$t" 'BEGIN { printf "%.3f", n / t / 1e6 }')")
    pair_ratios+=("$(awk -v f="${fl_rates[-1]}" -v c="${c_rates[-1]}" 'BEGIN { printf "%.3f", f / c }')")
  done
  local f c
  f=$(printf '%s\n' "${fl_rates[@]}" | median)
  c=$(printf '%s\n' "${c_rates[@]}" | median)
  printf '%-34s faultline %6.2f M/s  C %6.2f M/s  ratio %.2f   (faultline: %s; C: %s)\n' \
    "$name" "$f" "$c" "$(awk -v f="$f" -v c="$c" 'BEGIN { print f / c }')" \
    "${fl_rates[*]}" "${c_rates[*]}"
  echo "  arrivals: faultline $fl_n (summary.json requests, after the warm-up), C $c_n"
  # A pair's two runs are back to back, so its ratio cancels the machine's slow drifts (the
  # neighbours' load moves both sides by 10-20 % over minutes); the median of the pairs' ratios
  # is the number to quote on a busy machine.
  printf '  ratio per pair: %s; median %s\n' "${pair_ratios[*]}" "$(printf '%s\n' "${pair_ratios[@]}" | median)"
}

echo "arrivals per CPU-second, median of $pairs alternated pairs, C generator $rng"
run_model "M/M/c (lambda 9, mu 1, c 10)" scenarios/mmc-erlang-c.yaml "$mmc_h" mmc
run_model "Erlang loss (lambda 80, c 100)" scenarios/loss-erlang-b.yaml "$loss_h" loss
