# Shared by Scripts/render-report.sh and Scripts/render-settlement-report.sh: sourced, not
# run. Before sourcing, set SCRIPT (the name used in messages), ROOT (the repository) and
# OUT (the output directory, absolute or relative to the current one). It then
#   - makes OUT absolute and creates it, and sets CHECK (Scripts/check-report-png.py);
#   - finds the browser: CHROMIUM=name, else chromium, else chromium-browser on PATH;
#   - checks python3;
#   - sets DRG: DRG=path/to/drg, else builds one with swift build --scratch-path .build-render;
#   - defines `render NAME HEIGHT`: screenshots OUT/NAME.html (1400 px wide, HEIGHT high) to
#     OUT/NAME.png with headless Chromium, and stops (exit 1) when no PNG is written.
# A missing tool exits 2.

case "$OUT" in /*) ;; *) OUT="$(pwd)/$OUT" ;; esac
CHECK="$ROOT/Scripts/check-report-png.py"

if [ -z "${CHROMIUM:-}" ]; then
  for name in chromium chromium-browser; do
    if command -v "$name" >/dev/null 2>&1; then CHROMIUM=$name; break; fi
  done
fi
if [ -z "${CHROMIUM:-}" ] || ! command -v "$CHROMIUM" >/dev/null 2>&1; then
  echo "$SCRIPT: chromium not found on PATH (apt-get install chromium fonts-noto-cjk)" >&2
  exit 2
fi
if ! command -v python3 >/dev/null 2>&1; then
  echo "$SCRIPT: python3 not found on PATH" >&2
  exit 2
fi
if [ -z "${DRG:-}" ]; then
  (cd "$ROOT" && swift build --scratch-path .build-render --product drg >&2)
  DRG="$ROOT/.build-render/debug/drg"
fi
case "$DRG" in /*) ;; *) DRG="$(pwd)/$DRG" ;; esac
if [ ! -x "$DRG" ]; then
  echo "$SCRIPT: no drg binary at $DRG (set DRG=path/to/drg)" >&2
  exit 2
fi
mkdir -p "$OUT"

render() { # render NAME HEIGHT
  rm -f "$OUT/$1.png"
  timeout 180 "$CHROMIUM" --headless --no-sandbox --disable-gpu --hide-scrollbars \
    --user-data-dir="$OUT/chromium-profile" --window-size=1400,"$2" \
    --screenshot="$OUT/$1.png" "file://$OUT/$1.html" >"$OUT/$1.chromium.log" 2>&1 || true
  if [ ! -s "$OUT/$1.png" ]; then
    echo "$SCRIPT: chromium wrote no $1.png; its output:" >&2
    cat "$OUT/$1.chromium.log" >&2
    exit 1
  fi
}
