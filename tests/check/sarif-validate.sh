#!/usr/bin/env bash
# Validate `smmc check --format sarif` output with Microsoft's SARIF
# Multitool (npm @microsoft/sarif-multitool: a self-contained .NET binary per
# platform, run directly, not through its node wrapper whose shell would eat
# the ';' in the option values) and with the SARIF 2.1.0 JSON schema under
# ajv (the Multitool does not check every enum of the schema, e.g. an invalid
# result level).  Both are installed on first use into build/npm (not
# committed).
#
#   tests/check/sarif-validate.sh            # last line: "sarif: N passed, M failed"
#   SARIF_KEEP=DIR  keep the SARIF files and the validator's log in DIR
#   SARIF_CHECK_URIS=1  also run SARIF2006 (fetches every URI: needs the network)
#
# A file passes when the Multitool reports no error for it -- its SARIF rules
# and its GitHub ingestion rules (--rule-kind "Sarif;Gh"), warnings and notes
# are printed -- and the schema reports nothing.  A deliberately broken log
# must fail, or the validator is not doing its job.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
SMMC=${SMMC:-$root/build/smmc}
npmdir=$root/build/npm
stdlib=$root/stdlib
pass=0 fail=0

ok()  { pass=$((pass + 1)); [ -n "${VERBOSE:-}" ] && echo "ok   $1"; return 0; }
bad() { fail=$((fail + 1)); echo "FAIL sarif: $1"; }
finish() { echo "sarif: $pass passed, $fail failed"; [ "$fail" -eq 0 ]; exit $?; }

# ---------------------------------------------------------------- tools
if ! [ -e "$npmdir/node_modules/@microsoft/sarif-multitool/package.json" ] ||
   ! [ -e "$npmdir/node_modules/@microsoft/jest-sarif/package.json" ] ||
   ! [ -e "$npmdir/node_modules/ajv/package.json" ]; then
    if ! command -v npm >/dev/null; then bad "npm is not installed (apt-get install npm)"; finish; fi
    mkdir -p "$npmdir"
    if ! npm install --prefix "$npmdir" --no-audit --no-fund \
            @microsoft/sarif-multitool @microsoft/jest-sarif ajv@6 >"$npmdir/install.log" 2>&1; then
        cat "$npmdir/install.log"; bad "npm install of the validators failed"; finish
    fi
fi
mt=$(cd "$npmdir" && node -p "require('@microsoft/sarif-multitool')" 2>/dev/null)
if [ -z "$mt" ] || ! [ -f "$mt" ]; then bad "no Multitool binary for this platform in $npmdir"; finish; fi
chmod u+x "$mt" 2>/dev/null # its postinstall (chmod) may not have run
schema=$npmdir/node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json
# the Multitool is a .NET single-file app: it needs ICU, or invariant mode
export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=${DOTNET_SYSTEM_GLOBALIZATION_INVARIANT:-1}
if ! "$mt" --version >/dev/null 2>&1; then
    "$mt" --version 2>&1 | head -5; bad "the Multitool does not run on this machine"; finish
fi

work=${SARIF_KEEP:-$(mktemp -d)}
mkdir -p "$work"
[ -n "${SARIF_KEEP:-}" ] || trap 'rm -rf "$work"' EXIT

# Rule SARIF2006 fetches every URI in the log (schema, helpUri): slow and
# meaningless without the network, so off unless asked for.
cat >"$work/config.xml" <<'EOF'
<?xml version="1.0" encoding="utf-8"?>
<Properties>
  <Properties Key="SARIF2006.UrisShouldBeReachable.Options">
    <Property Key="RuleEnabled" Value="Disabled" />
  </Properties>
</Properties>
EOF
config=(-c "$work/config.xml")
[ "${SARIF_CHECK_URIS:-}" = 1 ] && config=()

# ---------------------------------------------------------------- inputs
# NAME:DIR:FILE:ARGS -- every kind of SARIF content smmc writes: results with
# notes (relatedLocations), suppressions (waivers), baselineState, stdlib
# files (file:// URIs), compile errors, tool notifications (no location).
cases=(
    "clean:tests/golden/check:clean.smm:"
    "statuses:tests/golden/check:statuses.smm:-Wover-target"
    "history:tests/golden/check:history.smm:"
    "evidence:tests/golden/check:evidence.smm:--evidence"
    "baselined:tests/golden/check:baselined.smm:--baseline known-debt.json"
    "stdlib:tests/golden/check:stdlib_medical.smm:"
    "compile-error:tests/golden/check:unknown_variant.smm:"
    "notification:tests/golden/check:select_unknown.smm:--assessment demo.h4"
    "werror:tests/golden/check:warnings.smm:-Werror"
    "example-medical:.:examples/medical/assessment.smm:"
    "example-waivers:.:examples/waivers/camera.smm:"
)
files=()
for c in "${cases[@]}"; do
    IFS=: read -r name dir file args <<<"$c"
    [ -f "$root/$dir/$file" ] || continue
    # shellcheck disable=SC2086
    # to stdout: a run that does not compile writes no -o file
    (cd "$root/$dir" && $SMMC check --format sarif --today 2026-10-01 --stdlib "$stdlib" $args \
        "$file" >"$work/$name.sarif" 2>"$work/$name.stderr")
    rc=$?
    if [ "$rc" -gt 1 ] || ! [ -s "$work/$name.sarif" ]; then
        bad "$name: smmc check --format sarif exited $rc without a log"; cat "$work/$name.stderr"
        continue
    fi
    files+=("$work/$name.sarif")
done
# Controls: broken logs that must be rejected.  (The Multitool silently
# skips a log it cannot read into its object model, e.g. one with an invalid
# result level: hence one defect per control, and the schema check.)
python3 - "$work/statuses.sarif" "$work" <<'EOF'
import json, sys
def broken(name, change):
    d = json.load(open(sys.argv[1]))
    change(d["runs"][0]["results"][0])
    json.dump(d, open("%s/control-%s.sarif" % (sys.argv[2], name), "w"), indent=1)
broken("property", lambda r: r.update(bogus=1))
broken("level", lambda r: r.update(level="fatal"))
broken("uri", lambda r: r["locations"][0]["physicalLocation"]["artifactLocation"].update(uri="/abs/x.smm"))
EOF
files+=("$work/control-property.sarif" "$work/control-level.sarif" "$work/control-uri.sarif")
# what each control must draw (an extended regex over its error lines)
declare -A expect=(
    [control-property.sarif]="JSON1005.*bogus"
    [control-level.sarif]="schema.*level"
    [control-uri.sarif]="SARIF1004"
)

# ---------------------------------------------------------------- Multitool
# One run per log, a few at a time: after a log it cannot read (an invalid
# enum value), the Multitool silently drops the findings of the next logs
# of the same run.
export mt work
printf '%s\0' "${files[@]}" | xargs -0 -P "${SARIF_JOBS:-4}" -I{} sh -c '
    f=$1; shift
    b=$(basename "$f" .sarif)
    "$mt" validate "$f" "$@" --level "Error;Warning;Note" --rule-kind "Sarif;Gh" --log ForceOverwrite \
        -o "$work/$b.validation" >"$work/$b.validate.log" 2>&1 ||
        echo "the Multitool failed (exit $?)" >>"$work/$b.validate.log"
' sh {} "${config[@]}"
for f in "${files[@]}"; do
    b=$(basename "$f" .sarif)
    if ! [ -s "$work/$b.validation" ] || grep -q "the Multitool failed" "$work/$b.validate.log"; then
        cat "$work/$b.validate.log"; bad "$b: the Multitool did not run"
    fi
done
# per input file: "FILE<TAB>error|warning|note<TAB>RULE<TAB>text" lines
python3 - "$work" <<'EOF' >"$work/findings.tsv"
import glob, json, os, sys, urllib.parse
for v in sorted(glob.glob(os.path.join(sys.argv[1], "*.validation"))):
    log = json.load(open(v))
    for run in log["runs"]:
        for r in run.get("results", []):
            uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            path = urllib.parse.unquote(urllib.parse.urlparse(uri).path)
            msg = r["message"].get("text") or " / ".join(r["message"].get("arguments", []))
            print("%s\t%s\t%s\t%s" % (os.path.basename(path), r.get("level", "warning"), r["ruleId"], msg))
EOF

# ---------------------------------------------------------------- schema
cat >"$work/schema.js" <<'EOF'
const Ajv = require('ajv');
const ajv = new Ajv({ schemaId: 'auto', allErrors: true, validateSchema: false });
ajv.addMetaSchema(require('ajv/lib/refs/json-schema-draft-04.json'));
const validate = ajv.compile(require(process.argv[2]));
let bad = 0;
for (const f of process.argv.slice(3)) {
    const ok = validate(JSON.parse(require('fs').readFileSync(f, 'utf8')));
    for (const e of ok ? [] : validate.errors)
        console.log(`${require('path').basename(f)}\terror\tschema\t${e.dataPath} ${e.message}`);
}
EOF
NODE_PATH=$npmdir/node_modules node "$work/schema.js" "$schema" "${files[@]}" >>"$work/findings.tsv" 2>&1 ||
    { cat "$work/findings.tsv"; bad "the schema check failed to run"; finish; }

# ---------------------------------------------------------------- verdicts
for f in "${files[@]}"; do
    base=$(basename "$f")
    errors=$(awk -F'\t' -v f="$base" '$1 == f && $2 == "error"' "$work/findings.tsv")
    warnings=$(awk -F'\t' -v f="$base" '$1 == f && $2 == "warning"' "$work/findings.tsv")
    if [ -n "${expect[$base]:-}" ]; then
        if grep -Eq "${expect[$base]}" <<<"$errors"; then
            ok "$base (rejected, as it should be)"
        else
            bad "$base: the validators did not reject a broken log (want ${expect[$base]}):"
            printf '%s\n' "$errors"
        fi
        continue
    fi
    [ -n "$warnings" ] && printf 'warning in %s:\n%s\n' "$base" "$warnings"
    if [ -n "$errors" ]; then
        bad "$base"; printf '%s\n' "$errors" | head -20
    else
        ok "$base"
    fi
done
finish
