#!/usr/bin/env bash
# Measures how far the allocator's CPU time per run (allocator_cpu_ms_per_run) moves between
# repeated `sim bench` runs of the same code, to set the tolerance that --gate-timing uses
# (docs/bench.md, "Timing"). Writes a scratch baseline of the suite's quick runs on the machine
# as it is, then checks against it RUNS times with BURNERS busy loops running beside the checks,
# and prints each entry's largest relative change of the mean (the figure the gate sets
# against the tolerance) and the largest over the entries that can gate (three seeds or more).
# The tolerance must sit well above that largest change: the default suite's sits at twice it.
#
#   tools/timing-tolerance.sh                 # 5 checks on the machine as it is
#   tools/timing-tolerance.sh -n 10 -b 2      # 10 checks with both cores of a 2-core machine busy
#   tools/timing-tolerance.sh -B base.json    # reuse a baseline (say, one written on a quiet machine)
#
# Needs a build (npm run build). Writes only into a temporary folder it removes; stops the
# burners it started.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=5; burners=0; baseline=""; suite=scenarios/bench/suite.yaml
while getopts "n:b:B:" opt; do
  case $opt in
    n) runs=$OPTARG ;;
    b) burners=$OPTARG ;;
    B) baseline=$OPTARG ;;
    *) echo "usage: $0 [-n RUNS] [-b BURNERS] [-B BASELINE] [SUITE]" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[ $# -gt 0 ] && suite=$1
work=$(mktemp -d "${TMPDIR:-/tmp}/sim-timing-XXXXXX")
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
if [ -z "$baseline" ]; then
  baseline=$work/baseline.json
  node dist/src/cli/main.js bench "$suite" --quick --update-baseline --baseline "$baseline" >/dev/null
fi
for _ in $(seq 1 "$burners"); do
  node -e 'for (;;) {}' &
  pids+=($!)
done
for k in $(seq 1 "$runs"); do
  # Exit 1 (a regression) is a finding here, not a failure of the script.
  node dist/src/cli/main.js bench "$suite" --quick --gate-timing --baseline "$baseline" --out "$work/check-$k" >/dev/null || [ $? -eq 1 ]
done
node -e '
const fs = require("node:fs");
const [work, runs, burners] = process.argv.slice(1);
const worst = new Map();
for (let k = 1; k <= Number(runs); k++) {
  const bench = JSON.parse(fs.readFileSync(`${work}/check-${k}/bench.json`, "utf8"));
  for (const c of bench.checks.filter((c) => c.metric === "allocator_cpu_ms_per_run" && c.relative !== null)) {
    const w = worst.get(c.entry) ?? { change: 0, seeds: c.seeds, regressions: 0 };
    if (Math.abs(c.relative) > Math.abs(w.change)) w.change = c.relative;
    if (c.verdict === "regression") w.regressions++;
    worst.set(c.entry, w);
  }
}
console.log(`allocator_cpu_ms_per_run over ${runs} checks with ${burners} burners: largest relative change of the mean per entry`);
for (const [entry, w] of worst) console.log(`  ${(w.change * 100).toFixed(1).padStart(7)}%  ${w.seeds} seeds  ${w.regressions} regressions  ${entry}`);
const gating = [...worst.values()].filter((w) => w.seeds >= 3).map((w) => Math.abs(w.change));
console.log(`largest over entries that can gate (3 seeds or more): ${gating.length > 0 ? (Math.max(...gating) * 100).toFixed(1) + "%" : "none"}`);
' "$work" "$runs" "$burners"
