#!/usr/bin/env bash
# Makes the pictures the README shows (docs/img/*.svg) from the shipped scenarios:
#   bash docs/pictures.sh
# Deterministic: the same ccsim gives the same files.
set -euo pipefail
cd "$(dirname "$0")/.."
out=docs/img
mkdir -p "$out"
ccsim() { cargo run --quiet --release -- "$@"; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# the olymp desk simulated on its hand-made roster: service per interval, waits, occupancy
ccsim simulate scenarios/olymp.toml --seed 1 -r 10 -q --plots "$tmp/olymp" > /dev/null
cp "$tmp/olymp/waits.svg" "$out/olymp-waits.svg"
cp "$tmp/olymp/occupancy.svg" "$out/olymp-occupancy.svg"
# the small desk: the requirement against its roster
ccsim staff scenarios/desk.toml --plots "$tmp/desk" > /dev/null
cp "$tmp/desk/staffing.svg" "$out/desk-staffing.svg"
# two lessons
ccsim teach hockey-stick --plot "$out/hockey-stick.svg" > /dev/null
ccsim teach pooling --plot "$out/pooling.svg" > /dev/null
ls -l "$out"
