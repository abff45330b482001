#!/usr/bin/env bash
# The contract's examples, the docs' examples and the bundled examples all
# compile as written.
#
#  1. tests/spec/ holds copies of the complete examples of the language spec
#     (§4 model, §5 profile saved as profiles/medical.smm, §6 assessment, also
#     saved as assessments/base_station.smm, §8 tests and verify-mode file);
#     when the spec is present (../shared/spec/language.md) the copies must
#     be its examples in the canonical layout (`smmc fmt` of the spec's
#     text), so the test follows the contract; the copies and the spec's
#     examples exactly as written both compile.
#  2. Every ```smm block in docs/*.md and README.md compiles with the stdlib
#     (and tests/spec on the import path); a block fenced ```smm expect-error
#     must fail with exit 1 instead.
#  3. Every .smm under examples/ and stdlib/ compiles (verify-mode files,
#     under a verify/ directory, must fail as their comments say: step 5).
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
SMMC=${SMMC:-$root/build/smmc}
pass=0 fail=0
ok()  { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL spec-examples: $*"; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# 1. the spec's own examples
spec=$root/../shared/spec/language.md
if [ -f "$spec" ]; then
    awk -v dir="$tmp" '/^```smm/{f=1; n++; next} /^```/{f=0} f{print > (dir "/spec" n ".smm")}' "$spec"
    for pair in "spec2:model.smm" "spec3:profiles/medical.smm" "spec4:assessment.smm" \
                "spec4:assessments/base_station.smm" "spec5:tests.smm" "spec6:verify.smm"; do
        # the copies are the spec's examples in the canonical layout (every
        # .smm of the repository is, tests/fmt/run.sh): the same text once
        # both are formatted, and fmt keeps meaning (also checked there)
        if $SMMC fmt -o - "$tmp/${pair%%:*}.smm" 2>/dev/null | cmp -s - "$root/tests/spec/${pair#*:}"; then ok
        else bad "tests/spec/${pair#*:} is not the spec's example (formatted by smmc fmt)"; fi
        mkdir -p "$(dirname "$tmp/asis/${pair#*:}")"; cp "$tmp/${pair%%:*}.smm" "$tmp/asis/${pair#*:}"
    done
fi
# the copies, and the spec's examples exactly as written, compile
for dir in "$root/tests/spec" "$tmp/asis"; do
    [ -d "$dir" ] || continue
    cd "$dir" || exit 1
    if $SMMC compile --emit none model.smm 2>"$tmp/err"; then ok; else bad "spec model example ($dir)"; cat "$tmp/err"; fi
    if $SMMC compile --emit none --stdlib "$root/stdlib" profiles/medical.smm 2>"$tmp/err"; then ok; else bad "spec profile example ($dir)"; cat "$tmp/err"; fi
    if $SMMC compile --emit none --stdlib "$root/stdlib" assessment.smm 2>"$tmp/err"; then ok; else bad "spec assessment example ($dir)"; cat "$tmp/err"; fi
    # §8: the tests compile (and pass: tests/test/run.sh runs them)
    if $SMMC compile --emit none --stdlib "$root/stdlib" tests.smm 2>"$tmp/err"; then ok; else bad "spec test example ($dir)"; cat "$tmp/err"; fi
done
cd "$root" || exit 1

# 2. documentation blocks
n=0
for md in docs/*.md README.md; do
    [ -f "$md" ] || continue
    while IFS= read -r -d '' block; do
        n=$((n + 1))
        mode=${block%%$'\n'*}
        body=${block#*$'\n'}
        mkdir -p "$tmp/doc$n"
        printf '%s' "$body" > "$tmp/doc$n/example.smm"
        (cd "$tmp/doc$n" && $SMMC compile --emit none --stdlib "$root/stdlib" -I "$root/tests/spec" example.smm) >"$tmp/err" 2>&1
        rc=$?
        if [ "$mode" = expect-error ]; then
            if [ $rc -eq 1 ]; then ok; else bad "$md block $n should fail with exit 1 (got $rc)"; fi
        elif [ $rc -eq 0 ]; then ok; else bad "$md block $n:"; sed 's/^/    /' "$tmp/err" | head -20; fi
    done < <(awk '/^```smm/{f=1; m=$2; printf "%s\n", m; next} /^```/{if(f){printf "%c", 0}; f=0; next} f{print}' "$md")
done

# 3. bundled examples and the stdlib
while IFS= read -r f; do
    if (cd "$(dirname "$f")" && $SMMC compile --emit none --stdlib "$root/stdlib" "$(basename "$f")") >"$tmp/err" 2>&1; then ok; else bad "$f"; sed 's/^/    /' "$tmp/err" | head -20; fi
done < <(find examples stdlib -name '*.smm' -not -path '*/verify/*' -not -path 'examples/repo/security/tests/*' | sort)
# (verify/ files are meant to fail, and examples/repo's tests import with
# -I security: both run in step 5)

# 4. every example assessment checks (exit 0, or 1 for the gaps it shows)
while IFS= read -r f; do
    (cd "$(dirname "$f")" && $SMMC check --today 2026-10-01 --stdlib "$root/stdlib" "$(basename "$f")") \
        >"$tmp/out" 2>"$tmp/err"
    rc=$?
    if { [ $rc -eq 0 ] || [ $rc -eq 1 ]; } && grep -q '^smmc check: ' "$tmp/out"; then ok; else
        bad "check $f exited $rc"; sed 's/^/    /' "$tmp/err" | head -10; fi
done < <(grep -l '^assessment ' $(find examples -name '*.smm' | sort))

# 5. examples/repo: its library's tests and verify files pass (its CI runs
#    them before the gate), the gate with and without its baseline, the
#    baseline is current, and its CI files are the ones in examples/ci
repo=examples/repo
(cd $repo && $SMMC test --today 2026-10-01 -I security --stdlib "$root/stdlib" security/tests) >"$tmp/out" 2>"$tmp/err"
if [ $? -eq 0 ] && grep -q '^4 tests: 4 passed, 0 failed$' "$tmp/out"; then ok; else bad "$repo: smmc test security/tests"; cat "$tmp/err"; fi
(cd $repo && $SMMC compile --verify -I security --stdlib "$root/stdlib" security/verify/*.smm) >/dev/null 2>"$tmp/err"
if [ $? -eq 0 ]; then ok; else bad "$repo: smmc compile --verify security/verify"; cat "$tmp/err"; fi
(cd $repo && $SMMC check -q --today 2026-10-01 --stdlib "$root/stdlib" security/gateway.smm) >/dev/null 2>&1
if [ $? -eq 1 ]; then ok; else bad "$repo: the known gap should fail without the baseline"; fi
(cd $repo && $SMMC check --today 2026-10-01 --stdlib "$root/stdlib" --baseline security/smmc-baseline.json \
    security/gateway.smm) >"$tmp/out" 2>/dev/null
if [ $? -eq 0 ] && grep -q '2 baselined' "$tmp/out"; then ok; else bad "$repo: the baseline should hold the known gap and the waived one"; fi
(cd $repo && $SMMC check --today 2026-10-01 --stdlib "$root/stdlib" --format json -o "$tmp/baseline.json" \
    security/gateway.smm) 2>/dev/null
# notes may name stdlib files by absolute path: compare without it
strip_stdlib() { sed -E 's|"[^"]*/stdlib/|"STDLIB/|g' "$1"; }
if cmp -s <(strip_stdlib "$tmp/baseline.json") <(strip_stdlib $repo/security/smmc-baseline.json); then ok; else
    bad "$repo/security/smmc-baseline.json is stale (regenerate it as its README says)"; fi
if cmp -s examples/ci/github-workflow.yml $repo/.github/workflows/smmc.yml &&
   cmp -s examples/ci/pre-commit-config.yaml $repo/.pre-commit-config.yaml; then ok; else
    bad "$repo CI files differ from examples/ci"; fi

echo "spec-examples: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
