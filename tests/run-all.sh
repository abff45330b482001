#!/usr/bin/env bash
# Run every test suite against the build in $1 (default build/): print each
# suite's name as it starts ("== NAME ..."), its result line when it ends,
# and one closing line "N passed, N failed".  SMM_VALGRIND=1 runs the CLI and the
# unit tests under valgrind (leaks count as failures).
set -u
cd "$(dirname "$0")/.."
B=${1:-build}
root=$(pwd)
wrap=""
if [ "${SMM_VALGRIND:-}" = 1 ]; then
    wrap="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect"
fi
# no leading space when there is no wrapper: suites that quote "$SMMC" run it as one word
export SMMC="${wrap:+$wrap }$root/$B/smmc"
total_pass=0 total_fail=0
log=$(mktemp); trap 'rm -f "$log"' EXIT

count() { # suite output file → adds "N passed, M failed" of its last line
    local line p f
    line=$(grep -E '[0-9]+ passed, [0-9]+ failed' "$1" | tail -1)
    p=$(sed -E 's/.* ([0-9]+) passed.*/\1/' <<<"$line"); f=$(sed -E 's/.* ([0-9]+) failed.*/\1/' <<<"$line")
    total_pass=$((total_pass + ${p:-0})); total_fail=$((total_fail + ${f:-1}))
}

# cmocka unit tests
echo "== unit ..."
make -s B="$B" unit-bins >/dev/null || { echo "unit: build failed"; total_fail=$((total_fail + 1)); }
up=0 uf=0
for t in "$B"/tests/test_*; do
    [ -x "$t" ] || continue
    if $wrap "$t" >"$log" 2>&1; then :; fi
    p=$(grep -E '^\[  PASSED  \] [0-9]+ test' "$log" | sed -E 's/[^0-9]*([0-9]+).*/\1/')
    f=$(grep -E '^\[  FAILED  \] [0-9]+ test' "$log" | sed -E 's/[^0-9]*([0-9]+).*/\1/')
    if [ -z "$p$f" ]; then f=1; cat "$log"; fi
    [ -n "$f" ] && [ "$f" != 0 ] && { echo "FAIL unit: $t"; grep -E '^\[  FAILED|^\[  ERROR' "$log" | head; }
    up=$((up + ${p:-0})); uf=$((uf + ${f:-0}))
done
echo "unit: $up passed, $uf failed"
total_pass=$((total_pass + up)); total_fail=$((total_fail + uf))

# the incremental-analysis test's programs (tests/incremental/run.sh runs them)
make -s B="$B" incr-bins >/dev/null || echo "incremental: build failed"

tsan=""
[ "$B" = build ] && [ -z "$wrap" ] && tsan=tests/parallel/tsan.sh # once, on the main build
for suite in tests/run-golden.sh tests/ir/run.sh tests/golden/stress.sh tests/parallel/run.sh $tsan tests/spec-examples.sh tests/run-e2e.sh \
             tests/check/e2e.sh tests/check/sarif-validate.sh tests/oscal/run.sh tests/fmt/run.sh tests/report/run.sh \
             tests/docs/run.sh tests/editors/run.sh tests/layering.py tests/lsp/run.py tests/lsp/nvim.sh tests/test/run.sh \
             tests/incremental/run.sh; do
    [ -x "$suite" ] || continue
    echo "== $suite ..."
    "$suite" >"$log" 2>&1
    grep -E '^(FAIL|[a-z0-9-]+: [0-9]+ passed)' "$log"
    count "$log"
done

# replay the fuzz corpus and stored crashers through the library
echo "== fuzz-replay ..."
if make -s B="$B" "$B/tests/fuzz_replay" >/dev/null 2>&1; then
    $wrap "$B/tests/fuzz_replay" tests/fuzz/corpus tests/fuzz/crashers >"$log" 2>&1
    grep -E '^(FAIL|fuzz-replay:)' "$log"
    count "$log"
else
    echo "fuzz-replay: build failed"; total_fail=$((total_fail + 1))
fi
# and the language server's loop, fed the sessions of its corpus
if make -s B="$B" "$B/tests/fuzz_lsp_replay" >/dev/null 2>&1; then
    $wrap "$B/tests/fuzz_lsp_replay" tests/fuzz/lsp-corpus tests/fuzz/lsp-crashers >"$log" 2>&1
    grep -E '^(FAIL|fuzz-lsp-replay:)' "$log"
    count "$log"
else
    echo "fuzz-lsp-replay: build failed"; total_fail=$((total_fail + 1))
fi

echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
