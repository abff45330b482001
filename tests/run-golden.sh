#!/usr/bin/env bash
# Golden tests: every tests/golden/**/NAME.smm runs against each companion
# file beside it; the companion's extension picks the mode (as cproc's
# runtests does):
#
#   NAME.err         smmc compile --emit none   stderr + exit status
#   NAME.json        smmc compile --emit json   stdout
#   NAME.xml         smmc compile --emit xml    stdout
#   NAME.check       smmc check                 stderr, stdout + exit status
#   NAME.FMT         smmc check --format FMT    stdout + exit status, for
#                    FMT in sarif junit github csv cjson (cjson = json);
#                    JUnit is also validated against tests/check/junit-10.xsd
#
# The input of every .json and .xml case is also compiled to both forms,
# and each is validated against its schema: XML against
# stdlib/schema/smm-ir.rng (xmllint), JSON against
# stdlib/schema/smm-ir.schema.json (ajv, tests/lib/ajv.sh; with the IR's
# index checks).
#
# A first line "// args: ..." adds arguments.  Commands run in the file's
# directory, so paths print as written; the stdlib path prints as $STDLIB,
# the repository's as $ROOT.
# UPDATE=1 rewrites the expectations instead of comparing (review the diff).
set -u
here=$(cd "$(dirname "$0")/.." && pwd)
SMMC=${SMMC:-$here/build/smmc}
stdlib=$here/stdlib
pass=0 fail=0
failed=()
irdir=$(mktemp -d); trap 'rm -rf "$irdir"' EXIT
. "$here/tests/lib/ajv.sh"

run_case() { # file ext
    local f=$1 ext=$2 dir base args out rc
    dir=$(dirname "$f"); base=$(basename "$f" .smm)
    args=$(sed -n '1s|^// args: ||p' "$f")
    cd "$dir" || return 1
    case $ext in
        err)   out=$($SMMC compile --emit none --color never --stdlib "$stdlib" $args "$base.smm" 2>&1 >/dev/null); rc=$? ;;
        json)  out=$($SMMC compile --emit json --color never --stdlib "$stdlib" $args "$base.smm" 2>/dev/null); rc=$? ;;
        xml)   out=$($SMMC compile --emit xml --color never --stdlib "$stdlib" $args "$base.smm" 2>/dev/null); rc=$? ;;
        check) out=$($SMMC check --color never --today 2026-10-01 --stdlib "$stdlib" $args "$base.smm" 2>&1); rc=$? ;;
        cjson) out=$($SMMC check --format json --today 2026-10-01 --stdlib "$stdlib" $args "$base.smm" 2>/dev/null); rc=$? ;;
        *)     out=$($SMMC check --format "$ext" --today 2026-10-01 --stdlib "$stdlib" $args "$base.smm" 2>/dev/null); rc=$? ;;
    esac
    cd - >/dev/null || return 1
    # SARIF rules carry their docs/diagnostics.md section as help: left out
    # here so that editing the docs does not touch every SARIF golden
    # (tests/check/e2e.sh holds help to `smmc explain`)
    [ "$ext" = sarif ] && out=$(awk '/^ *"help": \{$/ {skip = $0; sub(/".*/, "", skip); next}
                                     skip != "" { if ($0 == skip "},") skip = ""; next } { print }' <<<"$out")
    out=${out//$stdlib/\$STDLIB}
    out=${out//$here/\$ROOT} # SARIF's %SRCROOT% (the working directory)
    printf '%s\n[exit %d]\n' "$out" "$rc"
}

while IFS= read -r -d '' f; do
    for exp in "${f%.smm}".*; do
        ext=${exp##*.}
        [ "$ext" = smm ] && continue
        case $ext in err|json|xml|check|cjson|sarif|junit|github|csv) ;; *) continue ;; esac
        got=$(run_case "$f" "$ext")
        if [ "${UPDATE:-}" = 1 ]; then
            printf '%s\n' "$got" > "$exp"
        fi
        if [ "$got" == "$(cat "$exp")" ]; then
            pass=$((pass + 1))
        else
            fail=$((fail + 1))
            failed+=("${f#$here/} [$ext]")
            if [ -n "${VERBOSE:-}" ]; then diff <(printf '%s\n' "$got") "$exp" | head -20; fi
        fi
        if [ "$ext" = junit ]; then # the Jenkins xUnit schema (tests/check/junit-10.README.md)
            if (cd "$(dirname "$f")" && $SMMC check --format junit --today 2026-10-01 --stdlib "$stdlib" $(sed -n '1s|^// args: ||p' "$f") "$(basename "$f")" 2>/dev/null) \
                | xmllint --noout --schema "$here/tests/check/junit-10.xsd" - 2>/dev/null; then
                pass=$((pass + 1))
            else
                fail=$((fail + 1)); failed+=("${f#$here/} [junit-10.xsd]")
            fi
        fi
        if [ "$ext" = xml ] || [ "$ext" = json ]; then
            for form in xml json; do
                (cd "$(dirname "$f")" && $SMMC compile --emit $form --stdlib "$stdlib" $(sed -n '1s|^// args: ||p' "$f") "$(basename "$f")" 2>/dev/null) \
                    >"$irdir/$(basename "$f" .smm).$ext.$form"
            done
        fi
    done
done < <(find "$here/tests/golden" -name '*.smm' -print0 | sort -z)

# ---------------------------------------------------------------- schemas
for x in "$irdir"/*.xml; do
    [ -e "$x" ] || continue
    if ! command -v xmllint >/dev/null; then fail=$((fail + 1)); failed+=("xmllint is not installed"); break; fi
    if xmllint --noout --relaxng "$stdlib/schema/smm-ir.rng" "$x" 2>/dev/null; then pass=$((pass + 1))
    else fail=$((fail + 1)); failed+=("$(basename "$x") [rng schema]"); fi
done
if ls "$irdir"/*.json >/dev/null 2>&1; then
    if ajv_setup "$here"; then
        while IFS=$'\t' read -r file verdict why; do
            if [ "$verdict" = ok ]; then pass=$((pass + 1))
            else fail=$((fail + 1)); failed+=("$file [json schema] $why"); fi
        done < <(ajv_validate --smm-ir "$stdlib/schema/smm-ir.schema.json" "$irdir"/*.json)
    else
        fail=$((fail + 1)); failed+=("no JSON Schema validator (tests/lib/ajv.sh)")
    fi
fi

for t in "${failed[@]}"; do echo "FAIL golden: $t"; done
echo "golden: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
