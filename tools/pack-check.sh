#!/usr/bin/env bash
# Checks the package as npm would publish it: packs it (npm pack, which builds dist/ through
# the `prepare` script), installs the tarball into a fresh project in a temporary folder, and
# from there checks that
#   - the install needs no build (no TypeScript: `prepare` does not run for a tarball);
#   - `npx sim --version` prints package.json's version (not the project's, 1.0.0);
#   - `npx sim run` on a scenario shipped in the package exits 0 and writes summary.json;
#   - the library entry point (package.json `exports`) imports.
# Removes the temporary folder, and exits 1 with one line on the first failure.
#
#   tools/pack-check.sh
#
# Installs the package's dependencies from the npm registry. .ci/run calls it after the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(node -p 'require("./package.json").version')
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sim-pack-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fail() { echo "pack-check: $*" >&2; exit 1; }

project="$tmp/project"
mkdir "$project"
# A project of another version than the simulator's.
printf '{ "name": "pack-check", "version": "1.0.0", "private": true }\n' > "$project/package.json"

echo "== npm pack"
npm pack --silent --pack-destination "$project" >/dev/null
tarballs=("$project"/mesos-sim-*.tgz)
[ "${#tarballs[@]}" -eq 1 ] && [ -f "${tarballs[0]}" ] || fail "npm pack wrote no single mesos-sim-*.tgz"

echo "== npm install ./$(basename "${tarballs[0]}") in an empty project"
(cd "$project" && npm install --no-audit --no-fund --loglevel=error ./mesos-sim-*.tgz) || fail "installing the tarball failed"
[ ! -e "$project/node_modules/typescript" ] || fail "installing the tarball installed TypeScript (a dev dependency)"

echo "== npx sim --version"
got=$(cd "$project" && npx --no -- sim --version) || fail "sim --version failed"
[ "$got" = "$version" ] || fail "sim --version printed '$got', expected $version"

echo "== npx sim run node_modules/mesos-sim/scenarios/quickstart.yaml"
(cd "$project" && npx --no -- sim run node_modules/mesos-sim/scenarios/quickstart.yaml --no-wall-clock --out "$tmp/quickstart") >/dev/null \
  || fail "sim run of the shipped quickstart scenario failed"
[ -s "$tmp/quickstart/summary.json" ] || fail "sim run wrote no summary.json"

echo "== import('mesos-sim')"
(cd "$project" && node --input-type=module -e 'const m = await import("mesos-sim"); if (typeof m.builtinAllocators?.drf?.create !== "function") process.exit(1);') \
  || fail "the package's entry point does not import, or lacks builtinAllocators"

echo "pack-check: mesos-sim $version packs ($(du -k "${tarballs[0]}" | cut -f1) KB), installs and runs from a fresh project (${SECONDS} s)"
