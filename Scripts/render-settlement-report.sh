#!/bin/sh
# Renders the HTML reports of `drg settle --html` in headless Chromium and checks the
# screenshots: every chart must be drawn, and nothing may stick out to the right of the page.
#
# Usage: Scripts/render-settlement-report.sh [OUT_DIR]
#        (default OUT_DIR: $TMPDIR/drg-render-settlement)
#
#   DRG=path/to/drg   the drg binary to use (default: build one with
#                     swift build --scratch-path .build-render)
#   CHROMIUM=name     the browser (default: chromium, else chromium-browser)
#
# Data: 4000 synthetic cases of the demo scheme (drg synth, seed 3), grouped and weighted,
# settled for 2024 twice:
#   settlement.html — by month, with a budget 3 % above the cost of the cases paid by
#     points (so hospitals fall in several sharing bands and some lose); per diem (ADRG ES2), day surgery (OC1 within
#     4 days, yuan outside the pool), single disease (OB1, yuan against the budget) and new
#     technology (main procedure 37.2, to points); two alliances (医共体) paid as one; and
#     per-head payment (按人头) of enrolment and outpatient files written here, with a
#     per-head budget;
#   budgets.html — each hospital against its own budget (二级预算: its cost × 1.3, 1.05,
#     0.95 or 0.75 in turn) and one alliance against an alliance budget.
# Writes OUT_DIR/settlement.png and OUT_DIR/budgets.png; look at them.
# Exit status: 0 when every check passes, 1 when one fails, 2 when a tool is missing.
set -eu

SCRIPT=render-settlement-report
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${1:-${TMPDIR:-/tmp}/drg-render-settlement}
# Finds chromium, python3 and drg; defines render NAME HEIGHT.
. "$ROOT/Scripts/render-common.sh"
DEMO="$ROOT/grouper-tables/demo"

# Only what this script writes is removed from an earlier run.
rm -rf "$OUT/settle" "$OUT/budgets" "$OUT/chromium-profile" "$OUT/settlement.png" \
  "$OUT/budgets.png"
cd "$OUT"

"$DRG" synth -s "$DEMO" -n 4000 --seed 3 -o cases.csv -q
"$DRG" group cases.csv -s "$DEMO" -o grouped.csv -q
"$DRG" weights grouped.csv -o weights.csv -q
python3 - <<'PY'
import csv, json
rows = list(csv.DictReader(open("grouped.csv", encoding="utf-8")))
total = sum(float(row["total_cost"]) for row in rows)
cost = {}
for row in rows:
    cost[row["hospital_id"]] = cost.get(row["hospital_id"], 0) + float(row["total_cost"])
sharing = {"surplusRetention": 0.5, "surplusCap": 0.05, "overspendBand": 0.1,
           "overspendFundShare": 0.5}
east = ["H001", "H002", "H004"]
# The budget: 3 % above the cost of the cases paid by points, plus the single-disease
# prices it also pays (OB1 × 5000); day-surgery prices (OC1) are paid outside it.
pointCost = sum(float(row["total_cost"]) for row in rows if row["adrg"] not in ("OB1", "OC1"))
singleDisease = 5000 * sum(1 for row in rows if row["adrg"] == "OB1")
policy = {
    "name": "render check",
    "year": 2024,
    "budget": round(pointCost * 1.03 + singleDisease, 2),
    "sharing": sharing,
    "perDiem": [{"name": "long stay", "adrgs": ["ES2"],
                 "segments": [{"fromDay": 1, "toDay": 10, "pointsPerDay": 12},
                              {"fromDay": 11, "pointsPerDay": 8}]}],
    "daySurgery": [{"name": "day surgery", "adrgs": ["OC1"], "maxDays": 4, "yuan": 3000}],
    "singleDisease": [{"name": "caesarean", "adrgs": ["OB1"], "yuan": 5000, "pool": "budget"}],
    "newTechnology": [{"name": "new technique", "procedures": ["37.2"], "costShare": 0.9,
                       "pool": "points"}],
    "alliances": {"members": {"东部医共体": east, "西部医共体": ["H008", "H011", "H015"]}},
    "perHead": {"categories": [{"name": "general", "ratePerPerson": 60},
                               {"name": "chronic", "ratePerPerson": 900}],
                "budget": 1500000},
}
json.dump(policy, open("policy.json", "w"), ensure_ascii=False)
# Per head: the eastern alliance's members (paid as one) and eight hospitals enrolled;
# outpatient cost × 0.8, 0.97, 1.05 or 1.3 of the capitation in turn, so that the
# year-end balance falls in several bands.
units = east + ["H%03d" % n for n in range(5, 13)]
with open("enrolment.csv", "w", encoding="utf-8") as enrolment, \
        open("outpatient.csv", "w", encoding="utf-8") as outpatient:
    enrolment.write("hospital_id,category,persons\n")
    outpatient.write("hospital_id,category,visits,cost\n")
    for index, unit in enumerate(units):
        general, chronic = 1000 * (index + 1), 40 * (index + 1)
        factor = [0.8, 0.97, 1.05, 1.3][index % 4]
        enrolment.write(f"{unit},general,{general}\n{unit},chronic,{chronic}\n")
        outpatient.write(f"{unit},general,{general * 3},{round(general * 60 * factor, 2)}\n")
        outpatient.write(f"{unit},chronic,{chronic * 12},{round(chronic * 900 * factor, 2)}\n")
# Budgets: every hospital outside the eastern alliance its own, the alliance one for all.
budgets = {}
for index, hospital in enumerate(sorted(cost)):
    if hospital not in east:
        budgets[hospital] = round(cost[hospital] * [1.3, 1.05, 0.95, 0.75][index % 4])
budgeted = {
    "name": "render check, hospital budgets",
    "year": 2024,
    "budget": round(total * 1.03, 2),
    "sharing": sharing,
    "hospitalBudgets": {"budgets": budgets},
    "alliances": {"members": {"东部医共体": east},
                  "budgets": {"东部医共体": round(sum(cost[h] for h in east))}},
}
json.dump(budgeted, open("budgets-policy.json", "w"), ensure_ascii=False)
PY
"$DRG" settle grouped.csv --policy policy.json --weights weights.csv --period month \
  --enrolment enrolment.csv --outpatient outpatient.csv -o settle --html settlement.html -q
"$DRG" settle grouped.csv --policy budgets-policy.json --weights weights.csv -o budgets \
  --html budgets.html -q

render settlement 6400
render budgets 5200

# The page is 1100 px wide from x = 24, so nothing may be drawn at x >= 1130. Mark colours
# are those of SettlementReport.Colour: monthly point-value dots, payment and cost bars,
# gain and loss bars, payment and cost per case category, the alliances' member splits,
# per-head capitation and outpatient cost; budget and claim bars of the hospital budgets.
status=0
python3 "$CHECK" settlement.png --blank-right-of 1130 \
  'point-value-dots=#7048e8:300' 'payment-bars=#4a90c2:2000' 'cost-bars=#f08c00:2000' \
  'gain-bars=#2f9e44:1000' 'loss-bars=#e03131:100' \
  'category-payment-bars=#0b7285:1000' 'category-cost-bars=#c2255c:1000' \
  'alliance-split-bars=#1864ab:500' 'capitation-bars=#74b816:1000' \
  'outpatient-cost-bars=#364fc7:1000' || status=1
python3 "$CHECK" budgets.png --blank-right-of 1130 \
  'budget-bars=#5c940d:2000' 'claim-bars=#862e9c:2000' 'alliance-split-bars=#1864ab:200' \
  || status=1
echo "render-settlement-report: screenshots $OUT/settlement.png and $OUT/budgets.png"
exit $status
