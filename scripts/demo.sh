#!/bin/sh
# make demo: the main job on the bundled examples.
#   1. compile the standard library's profiles (one IR per file + index)
#   2. check an example assessment (gaps are expected: it is a demo)
#   3. write its report (HTML, Markdown, SVG) and a history report
# Everything lands in demo-out/ (or $SMM_DEMO_OUT: the tests use it); dates
# are fixed so reruns give the same bytes.
set -eu
smmc=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")/.." && pwd)
out=${SMM_DEMO_OUT:-$root/demo-out}
shown=${SMM_DEMO_OUT:-demo-out}
today=2026-10-01
mkdir -p "$out"
cd "$root"

echo "== 1. compiling the standard library (stdlib/) into $shown/ir/"
"$smmc" build stdlib -o "$out/ir" --emit json -MD

echo
echo "== 2. checking examples/medical/assessment.smm against its target"
set +e
(cd examples/medical && "$smmc" check --today $today assessment.smm)
status=$?
set -e
echo "(smmc check exited with $status: 1 means the gate found gaps)"
(cd examples/medical && "$smmc" check --today $today --format sarif -o "$out/medical.sarif" assessment.smm) || true

echo
echo "== 3. writing reports"
(cd examples/medical && "$smmc" report --today $today -o "$out/medical-report.html" assessment.smm)
(cd examples/medical && "$smmc" report --today $today -o "$out/medical-report.md" assessment.smm)
(cd examples/medical && "$smmc" report --today $today --format svg -o "$out/medical-charts" assessment.smm)
latest=$(sed -n 's/^assessment \([^ ]*\).*/\1/p' examples/history/bottling_line.smm | tail -n 1)
(cd examples/history && "$smmc" report --today $today --assessment "$latest" -o "$out/bottling-line-history.html" bottling_line.smm)

echo
echo "$shown/ now holds:"
(cd "$out" && find . -maxdepth 2 -type f | sort | sed 's|^\./|  |' | grep -v '^  ir/' ; echo "  ir/ (the compiled stdlib: $(ls ir/*/*.json | wc -l) IR files + index.json)")
echo
echo "Open $shown/medical-report.html in a browser."
