#!/usr/bin/env bash
# Prints the sha256 of every result file of every bundled scenario, run with --no-wall-clock:
# the oracle that refactors and optimisations keep outputs byte-identical (CONTRIBUTING.md).
# provenance.json (the machine, the command line, the time) and the marker are left out: they
# are the files that may differ from machine to machine (docs/metrics.md).
#
#   tools/output-hashes.sh > before.txt        # before a change
#   tools/output-hashes.sh | diff before.txt - # after it: no output means byte-identical
#
# --large adds the two large benchmark scenarios (about a minute of CPU and 2 GB each).
# Needs a build (npm run build). Writes only into a temporary folder it removes.
set -euo pipefail
cd "$(dirname "$0")/.."
large=0; [ "${1:-}" = "--large" ] && large=1
out=$(mktemp -d "${TMPDIR:-/tmp}/sim-hashes-XXXXXX")
trap 'rm -rf "$out"' EXIT
mapfile -t scenarios < <(find scenarios -name '*.yaml' ! -path 'scenarios/bench/*' ! -path 'scenarios/sweeps/*' | LC_ALL=C sort)
[ "$large" -eq 1 ] && scenarios+=(scenarios/bench/large-synthetic.yaml scenarios/bench/large-heterogeneous.yaml)
for f in "${scenarios[@]}"; do
  name=$(echo "${f#scenarios/}" | sed 's#/#_#g; s#\.yaml$##')
  node dist/src/cli/main.js run "$f" --no-wall-clock --out "$out/$name" >/dev/null
  (cd "$out" && find "$name" -type f ! -name '.mesos-sim.json' ! -name 'provenance.json' | LC_ALL=C sort | xargs sha256sum)
done
