#!/usr/bin/env bash
# The contract's examples, the docs' examples and the bundled examples all
# compile as written.
#
#  1. tests/spec/ holds copies of the complete examples of the language spec
#     (§4 model, §5 profile saved as profiles/medical.smm, §6 assessment);
#     when the spec is present (../shared/spec/language.md) the copies must
#     match it byte for byte, so the test follows the contract.
#  2. Every ```smm block in docs/*.md and README.md compiles with the stdlib
#     (and tests/spec on the import path); a block fenced ```smm expect-error
#     must fail with exit 1 instead.
#  3. Every .smm under examples/ and stdlib/ compiles.
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
    for pair in "spec2:model.smm" "spec3:profiles/medical.smm" "spec4:assessment.smm"; do
        if cmp -s "$tmp/${pair%%:*}.smm" "$root/tests/spec/${pair#*:}"; then ok; else bad "tests/spec/${pair#*:} differs from the spec's example"; fi
    done
fi
cd "$root/tests/spec" || exit 1
if $SMMC compile --emit none model.smm 2>"$tmp/err"; then ok; else bad "spec model example"; cat "$tmp/err"; fi
if $SMMC compile --emit none --stdlib "$root/stdlib" profiles/medical.smm 2>"$tmp/err"; then ok; else bad "spec profile example"; cat "$tmp/err"; fi
if $SMMC compile --emit none --stdlib "$root/stdlib" assessment.smm 2>"$tmp/err"; then ok; else bad "spec assessment example"; cat "$tmp/err"; fi
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
done < <(find examples stdlib -name '*.smm' | sort)

echo "spec-examples: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
