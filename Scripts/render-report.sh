#!/bin/sh
# Renders the HTML reports of `drg compare` and `drg diff` in headless Chromium and checks
# the screenshots: every chart must be drawn, and nothing may stick out to the right of
# the page.
#
# Usage: Scripts/render-report.sh [OUT_DIR]   (default OUT_DIR: $TMPDIR/drg-render-report)
#
#   DRG=path/to/drg   the drg binary to use (default: build one with
#                     swift build --scratch-path .build-render)
#   CHROMIUM=name     the browser (default: chromium, else chromium-browser)
#
# Data: 4000 synthetic cases of the demo scheme (drg synth, seed 3), grouped, weighted and
# compared across their 40 hospitals; and the same cases diffed between the demo scheme and
# a variant written into OUT_DIR (hypertension codes moved to MDC E, O80.000 taken out of
# MDC O, J18.900 no longer a CC), with each scheme's own weights.
# Writes OUT_DIR/compare.png and OUT_DIR/diff.png; look at them.
# Exit status: 0 when every check passes, 1 when one fails, 2 when a tool is missing.
set -eu

SCRIPT=render-report
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${1:-${TMPDIR:-/tmp}/drg-render-report}
# Finds chromium, python3 and drg; defines render NAME HEIGHT.
. "$ROOT/Scripts/render-common.sh"
DEMO="$ROOT/grouper-tables/demo"

# Only what this script writes is removed from an earlier run.
rm -rf "$OUT/demo-v2" "$OUT/compare" "$OUT/diff" "$OUT/chromium-profile" "$OUT"/*.png
cd "$OUT"

# Data.
"$DRG" synth -s "$DEMO" -n 4000 --seed 3 -o cases.csv -q
"$DRG" group cases.csv -s "$DEMO" -o grouped.csv -q
"$DRG" weights grouped.csv -o weights.csv -q
cp -r "$DEMO" demo-v2
sed -i 's/"id": "demo"/"id": "demo-v2"/' demo-v2/scheme.json
grep '^FT1\.dx,I1[01]' "$DEMO/lists.csv" | sed 's/^FT1\.dx/MDCE/' >>demo-v2/lists.csv
sed -i '/^MDCO,O80\.000,/d' demo-v2/lists.csv
sed -i '/^J18\.900,/d' demo-v2/cc.csv
"$DRG" group cases.csv -s demo-v2 -o grouped-v2.csv -q
"$DRG" weights grouped-v2.csv -o weights-v2.csv -q

# Reports.
"$DRG" compare grouped.csv --weights weights.csv -o compare --html compare.html -q
"$DRG" diff cases.csv --from "$DEMO" --to demo-v2 --weights-a weights.csv \
  --weights-b weights-v2.csv -o diff --html diff.html -q

render compare 4600
render diff 3000

# The page is 1100 px wide from x = 24, so nothing may be drawn at x >= 1130. Mark colours
# are those of ReportHTML.Colour: quadrant dots, index bars, box fills, funnel-plot dots
# (three funnels of 40 hospitals); the darkest heat-map
# shades (70–100 % of a row); rise and fall bars.
status=0
python3 "$CHECK" compare.png --blank-right-of 1130 \
  'quadrant-dots=#e8590c:200' 'index-bars=#4a90c2:5000' 'box-plots=#9cc3e6:2000' \
  'funnel-dots=#0ca678:300' || status=1
python3 "$CHECK" diff.png --blank-right-of 1130 \
  'heat-map=#54278f|#643b99|#744fa4|#8363ae:1000' 'change-bars=#2f9e44|#e03131:2000' || status=1
echo "render-report: screenshots $OUT/compare.png and $OUT/diff.png"
exit $status
