#!/usr/bin/env bash
# Write requirements/runtime.lock and requirements/dev.lock from the .in files,
# with hashes. Called by `make lock` with the uv to use as $1.
#
# 1. Resolve runtime.in for CPython 3.11 on x86_64 Linux (rasa and rasa-sdk are
#    left out: they declare Python <3.11).
# 2. Resolve runtime.in + dev.in with step 1's pins as constraints, so a package
#    both need has the same version in both locks.
# 3. Lock step 1's pins plus no-deps.in, and step 2's pins less step 1's, each
#    exactly as pinned (--no-deps) with the hashes of every file of the release.
#
# Versions already in the committed locks are kept (uv prefers the versions in
# an existing output file); UPGRADE=1 takes the newest the ranges allow.
set -euo pipefail
uv=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")  # before the cd below
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
target=(--python-version 3.11.7 --python-platform x86_64-manylinux_2_28)
upgrade=()
[ -n "${UPGRADE:-}" ] && upgrade=(--upgrade)
# preferences: the versions of the committed locks
touch "$tmp/runtime.pins" "$tmp/dev.pins"
[ -f runtime.lock ] && cp runtime.lock "$tmp/runtime.pins"
[ -f runtime.lock ] && [ -f dev.lock ] && cat runtime.lock dev.lock > "$tmp/dev.pins"
plain=(--quiet --no-header --no-annotate "${target[@]}" "${upgrade[@]}")

"$uv" pip compile "${plain[@]}" runtime.in -o "$tmp/runtime.pins"
"$uv" pip compile "${plain[@]}" runtime.in dev.in -c "$tmp/runtime.pins" -o "$tmp/dev.pins"

# dev-only pins: step 2's packages that step 1 does not have
names() { sed -nE 's/^([a-z0-9][a-z0-9._-]*)==.*/\1/p' "$1" | sort -u; }
comm -13 <(names "$tmp/runtime.pins") <(names "$tmp/dev.pins") > "$tmp/dev.names"
grep -E "^($(paste -sd'|' "$tmp/dev.names" | sed 's/\./\\./g'))==" "$tmp/dev.pins" > "$tmp/dev-only.pins"

hashed=(--quiet --no-deps --generate-hashes --no-annotate "${target[@]}" --custom-compile-command "make lock")
"$uv" pip compile "${hashed[@]}" "$tmp/runtime.pins" no-deps.in -o runtime.lock
"$uv" pip compile "${hashed[@]}" "$tmp/dev-only.pins" -o dev.lock
echo "runtime.lock: $(grep -c '==' runtime.lock) packages; dev.lock: $(grep -c '==' dev.lock) more"
