#!/usr/bin/env bash
# Builds the libFuzzer binary (swiftc -sanitize=fuzzer,address, outside SwiftPM) and runs one
# harness.
#
#   Fuzz/run.sh [csv-group|rules|scheme|policy|column-map|grouped|build] [seconds]
#               [extra libFuzzer flags...]
#
# Defaults: csv-group, 600 seconds. Work files (binary, corpus, crashes, log) go under
# $DRG_FUZZ_DIR (default /tmp/drg-fuzz), so nothing is written inside the repository.
# See Fuzz/README.md.
set -euo pipefail

harness="${1:-csv-group}"
seconds="${2:-600}"
shift $(( $# > 2 ? 2 : $# ))

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="${DRG_FUZZ_DIR:-/tmp/drg-fuzz}"
binary="$work/bin/drg-fuzz"
mkdir -p "$work/bin"

# The library sources are copied first, so that edits made while swiftc runs do not break the
# build; DRG_FUZZ_SOURCES=HEAD takes them from the last commit instead of the working tree.
# DRG_FUZZ_NO_BUILD=1 runs the binary built last, whatever changed since.
build() {
  if [[ -n "${DRG_FUZZ_NO_BUILD:-}" && -x "$binary" ]]; then return; fi
  local snapshot="$work/src"
  rm -rf "$snapshot"
  mkdir -p "$snapshot"
  if [[ "${DRG_FUZZ_SOURCES:-tree}" == "HEAD" ]]; then
    git -C "$root" archive HEAD Sources/DRGKit Sources/DRGPayment Sources/DRGAnalysis \
      | tar -x -C "$snapshot"
  else
    cp -R "$root/Sources" "$snapshot/"
  fi
  cp -R "$root/Fuzz/Harnesses" "$snapshot/"
  if [[ -x "$binary" ]] && diff -rq "$snapshot" "$work/built-src" > /dev/null 2>&1; then
    return
  fi
  echo "building $binary" >&2
  local sources
  local libraries=("$snapshot/Sources/DRGKit" "$snapshot/Sources/DRGPayment" "$snapshot/Sources/DRGAnalysis")
  # The three library targets and the harnesses in one module, so the harnesses see their
  # internal API: the imports of one library by another go, and `package` needs a package.
  find "${libraries[@]}" -name '*.swift' -exec sed -i -E '/^import (DRGKit|DRGPayment)$/d' {} +
  sources=$(find "${libraries[@]}" "$snapshot/Harnesses" -name '*.swift' | sort)
  # -O as in release builds.
  # shellcheck disable=SC2086
  swiftc -sanitize=fuzzer,address -parse-as-library -O -swift-version 6 -package-name DRGFuzz \
    -module-name DRGFuzz -module-cache-path "$work/module-cache" $sources -o "$binary"
  rm -rf "$work/built-src"
  cp -R "$snapshot" "$work/built-src"
}

# Seeds, written fresh to $work/seeds/HARNESS; the corpus keeps what the fuzzer found.
seed() {
  local seeds="$work/seeds/$harness"
  rm -rf "$seeds"
  mkdir -p "$seeds"
  case "$harness" in
    csv-group)
      cp "$root"/grouper-tables/samples/*.csv "$seeds/"
      ;;
    rules)
      # The rule column of the demo scheme's mdc.csv, adrg.csv and drg.csv, one file per rule.
      python3 - "$root/grouper-tables/demo" "$seeds" <<'PY'
import csv, sys, pathlib
demo, seeds = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
count = 0
for name in ("mdc.csv", "adrg.csv", "drg.csv"):
    with open(demo / name, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            count += 1
            (seeds / f"{name[:-4]}-{count}.txt").write_text(row["rule"], encoding="utf-8")
PY
      ;;
    scheme)
      # The first byte picks the file (its index in SchemeCopy.files), the rest replaces it.
      local index=0
      for file in mdc.csv adrg.csv drg.csv lists.csv cc.csv cc_exclusion.csv dx_names.csv \
        proc_names.csv scheme.json; do
        { printf "\\x$(printf %02x "$index")"; cat "$root/grouper-tables/demo/$file"; } \
          > "$seeds/$file"
        index=$((index + 1))
      done
      ;;
    policy)
      # The example policies, and hand-made ones in Fuzz/Seeds/policy (every field once).
      cp "$root"/examples/policies/*.json "$root"/Fuzz/Seeds/policy/*.json "$seeds/"
      ;;
    column-map | grouped)
      # Fuzz/Seeds/column-map: the README's and the tests' maps, and maps for the harness's
      # files. Fuzz/Seeds/grouped: `drg group` outputs (see Fuzz/README.md).
      cp "$root"/Fuzz/Seeds/"$harness"/* "$seeds/"
      ;;
  esac
}

case "$harness" in
  build) build; exit 0 ;;
  csv-group | rules | scheme | policy | column-map | grouped) ;;
  *)
    echo "usage: Fuzz/run.sh [csv-group|rules|scheme|policy|column-map|grouped|build]" \
      "[seconds] [flags...]" >&2
    exit 2
    ;;
esac

build
seed
corpus="$work/corpus/$harness"
crashes="$work/crashes/$harness"
log="$work/$harness.log"
mkdir -p "$corpus" "$crashes"
# The harnesses write their scratch files under NSTemporaryDirectory(), i.e. $TMPDIR: one
# folder per harness, so that two harnesses can run at once.
# SWIFT_BACKTRACE=enable=no: the Swift runtime's crash handler would otherwise catch a trap
# first and trip AddressSanitizer while it reads the crashed thread's memory, hiding the
# real stack; libFuzzer then prints it and saves the input.
rm -rf "$work/tmp/$harness"
mkdir -p "$work/tmp/$harness"
dictionary=()
if [[ -f "$root/Fuzz/$harness.dict" ]]; then dictionary=("-dict=$root/Fuzz/$harness.dict"); fi

echo "fuzzing $harness for $seconds s; log $log; crashes in $crashes" >&2
status=0
SWIFT_BACKTRACE=enable=no TMPDIR="$work/tmp/$harness/" DRG_FUZZ_HARNESS="$harness" \
  DRG_PACKAGE_ROOT="$root" \
  LSAN_OPTIONS="suppressions=$root/Fuzz/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}" "$binary" \
  -max_total_time="$seconds" -timeout=20 -rss_limit_mb=4096 -print_final_stats=1 \
  -artifact_prefix="$crashes/" "${dictionary[@]}" "$@" "$corpus" "$work/seeds/$harness" \
  > "$log" 2>&1 || status=$?

# The final stats: the last status line (runs, cov, ft, corpus, exec/s) and stat:: lines.
grep -E '^#[0-9]+' "$log" | tail -1 || true
grep -E '^stat::' "$log" || true
echo "corpus files: $(find "$corpus" -type f | wc -l); crash files: $(find "$crashes" -type f | wc -l)"
if [[ $status -ne 0 ]]; then
  echo "libFuzzer exited with $status; see $log:" >&2
  grep -E 'ERROR|invariant violated|Fatal error|Test unit written' "$log" | head -20 >&2 || true
fi
exit "$status"
