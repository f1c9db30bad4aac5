#!/bin/sh
# Renders the HTML report of `drg settle --html` in headless Chromium and checks the
# screenshot: every chart must be drawn, and nothing may stick out to the right of the page.
#
# Usage: Scripts/render-settlement-report.sh [OUT_DIR]
#        (default OUT_DIR: $TMPDIR/drg-render-settlement)
#
#   DRG=path/to/drg   the drg binary to use (default: build one with
#                     swift build --scratch-path .build-render)
#   CHROMIUM=name     the browser (default: chromium, else chromium-browser)
#
# Data: 4000 synthetic cases of the demo scheme (drg synth, seed 3), grouped and weighted,
# settled for 2024 by month with a budget 3 % above their total cost (so hospitals fall in
# several sharing bands and some lose).
# Writes OUT_DIR/settlement.png; look at it.
# Exit status: 0 when every check passes, 1 when one fails, 2 when a tool is missing.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${1:-${TMPDIR:-/tmp}/drg-render-settlement}
case "$OUT" in /*) ;; *) OUT="$(pwd)/$OUT" ;; esac
CHECK="$ROOT/Scripts/check-report-png.py"
DEMO="$ROOT/grouper-tables/demo"

if [ -z "${CHROMIUM:-}" ]; then
  for name in chromium chromium-browser; do
    if command -v "$name" >/dev/null 2>&1; then CHROMIUM=$name; break; fi
  done
fi
if [ -z "${CHROMIUM:-}" ] || ! command -v "$CHROMIUM" >/dev/null 2>&1; then
  echo "render-settlement-report: chromium not found on PATH (apt-get install chromium fonts-noto-cjk)" >&2
  exit 2
fi
if ! command -v python3 >/dev/null 2>&1; then
  echo "render-settlement-report: python3 not found on PATH" >&2
  exit 2
fi
if [ -z "${DRG:-}" ]; then
  (cd "$ROOT" && swift build --scratch-path .build-render --product drg >&2)
  DRG="$ROOT/.build-render/debug/drg"
fi
case "$DRG" in /*) ;; *) DRG="$(pwd)/$DRG" ;; esac
if [ ! -x "$DRG" ]; then
  echo "render-settlement-report: no drg binary at $DRG (set DRG=path/to/drg)" >&2
  exit 2
fi

mkdir -p "$OUT"
# Only what this script writes is removed from an earlier run.
rm -rf "$OUT/settle" "$OUT/chromium-profile" "$OUT/settlement.png"
cd "$OUT"

"$DRG" synth -s "$DEMO" -n 4000 --seed 3 -o cases.csv -q
"$DRG" group cases.csv -s "$DEMO" -o grouped.csv -q
"$DRG" weights grouped.csv -o weights.csv -q
python3 - <<'PY'
import csv, json
total = sum(float(row["total_cost"]) for row in csv.DictReader(open("grouped.csv", encoding="utf-8")))
policy = {
    "name": "render check",
    "year": 2024,
    "budget": round(total * 1.03, 2),
    "sharing": {"surplusRetention": 0.5, "surplusCap": 0.05, "overspendBand": 0.1,
                "overspendFundShare": 0.5},
}
json.dump(policy, open("policy.json", "w"))
PY
"$DRG" settle grouped.csv --policy policy.json --weights weights.csv --period month \
  -o settle --html settlement.html -q

timeout 180 "$CHROMIUM" --headless --no-sandbox --disable-gpu --hide-scrollbars \
  --user-data-dir="$OUT/chromium-profile" --window-size=1400,3400 \
  --screenshot="$OUT/settlement.png" "file://$OUT/settlement.html" >"$OUT/chromium.log" 2>&1 || true
if [ ! -s "$OUT/settlement.png" ]; then
  echo "render-settlement-report: chromium wrote no settlement.png; its output:" >&2
  cat "$OUT/chromium.log" >&2
  exit 1
fi

# The page is 1100 px wide from x = 24, so nothing may be drawn at x >= 1130. Mark colours
# are those of SettlementReport.Colour: monthly point-value dots, payment and cost bars,
# gain and loss bars.
status=0
python3 "$CHECK" settlement.png --blank-right-of 1130 \
  'point-value-dots=#7048e8:300' 'payment-bars=#4a90c2:2000' 'cost-bars=#f08c00:2000' \
  'gain-bars=#2f9e44:1000' 'loss-bars=#e03131:100' || status=1
echo "render-settlement-report: screenshot $OUT/settlement.png"
exit $status
