#!/usr/bin/env bash
# Remakes the quick-start sample grouper-tables/samples/chs-drg-1.1-cases.csv: 1,000
# synthetic CHS-DRG 1.1 discharge records from `drg synth` (seed 2024). The generator is
# deterministic, so the same build makes the same bytes; rerun this after a change to the
# generator and commit the result.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product drg >/dev/null
.build/release/drg synth --scheme chs-drg-1.1 -n 1000 --seed 2024 \
  -o grouper-tables/samples/chs-drg-1.1-cases.csv
