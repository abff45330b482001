#!/usr/bin/env bash
# End-to-end tests of `smmc check` for what golden files cannot express:
# the baseline workflow, atomic -o, exit statuses, usage errors,
# determinism, and well-formed JSON/SARIF/JUnit/CSV/GitHub output.
#
#   tests/check/e2e.sh      # last line: "check-e2e: N passed, M failed"
#   VERBOSE=1               # print every check, not only failures
#
# Fixtures: tests/golden/check (the tiny model in tiny/lib.smm), copied into
# a scratch directory so they can be edited.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
SMMC=${SMMC:-$root/build/smmc}
stdlib=$root/stdlib
pass=0 fail=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$root/tests/golden/check/." "$work/"
cd "$work" || exit 2

ok()  { pass=$((pass + 1)); [ -n "${VERBOSE:-}" ] && echo "ok   $1"; return 0; }
bad() { fail=$((fail + 1)); echo "FAIL check-e2e: $1"; [ -s err ] && sed 's/^/     | /' err | head -15; return 0; }
# run ARGS...: smmc check with the fixed options; stdout -> out, stderr -> err, $rc
run() { $SMMC check --color never --today 2026-10-01 --stdlib "$stdlib" "$@" >out 2>err; rc=$?; }
expect_rc() { # WANT WHAT
    if [ "$rc" -eq "$1" ]; then ok "$2 (exit $rc)"; else bad "$2: exit $rc, want $1"; fi
}
expect_in() { # FILE REGEX WHAT
    if grep -Eq -- "$2" "$1"; then ok "$3"; else bad "$3: no /$2/ in $1"; sed 's/^/     > /' "$1" | head -10; fi
}
expect_not_in() { # FILE REGEX WHAT
    if grep -Eq -- "$2" "$1"; then bad "$3: /$2/ in $1"; else ok "$3"; fi
}
no_temp_files() { # DIR WHAT -- output_open's temporaries are .NAME.XXXXXX
    local left
    left=$(find "$1" -maxdepth 1 -name '.*.??????' 2>/dev/null)
    if [ -z "$left" ]; then ok "$2: no temporary file left"; else bad "$2: left $left"; fi
}

# ------------------------------------------------------------------ gate
run clean.smm;                         expect_rc 0 "a clean assessment"
run statuses.smm;                      expect_rc 1 "an assessment with gaps"
run warnings.smm;                      expect_rc 0 "warnings only"
run -Werror warnings.smm;              expect_rc 1 "-Werror promotes warnings"
run -Werror=unused-waiver warnings.smm; expect_rc 1 "-Werror=NAME promotes one warning"
run -Werror=gap warnings.smm;          expect_rc 0 "-Werror=NAME of an absent finding"
run -Wno-gap -Wno-not-assessed statuses.smm; expect_rc 0 "-Wno- on gate errors"
run -Wover-target clean.smm;           expect_rc 0 "-Wover-target: remarks never fail"
run -q statuses.smm
expect_rc 1 "-q keeps the exit status"
if [ -s out ]; then bad "-q: the summary is still printed"; else ok "-q prints no summary"; fi
expect_in err "\[gap\]" "-q still prints diagnostics"

# --today decides whether a waiver has expired (until is inclusive)
$SMMC check --color never --stdlib "$stdlib" --today 2026-06-30 statuses.smm >out 2>err
expect_not_in err "expired-waiver" "--today on the waiver's last day: still valid"
expect_in out "compliance .* waived" "--today on the waiver's last day: the gap is waived"
$SMMC check --color never --stdlib "$stdlib" --today 2026-07-01 statuses.smm >out 2>err
expect_in err "expired on 2026-06-30 \[expired-waiver\]" "--today the day after: expired"

# ------------------------------------------------------------------ baseline
# known debt: statuses.smm as it is
cp statuses.smm debt.smm
sed -i 's/^assessment demo.statuses /assessment demo.debt /' debt.smm
run --format json -o base.json debt.smm
expect_rc 1 "baseline: writing the JSON result of a failing gate"
known=$(python3 -c "
import json; d=json.load(open('base.json'))
print(sum(1 for x in d['diagnostics'] if x['assessment']))" 2>/dev/null)
if [ "${known:-0}" -gt 0 ]; then ok "baseline: $known findings recorded"; else bad "baseline: no findings in base.json"; fi

run --baseline base.json debt.smm
expect_rc 0 "baseline: the same findings pass the gate"
expect_in out "0 errors, 0 warnings, $known baselined$" "baseline: the summary says $known baselined"
expect_not_in err "\[(gap|not-assessed|expired-waiver|unused-waiver)\]" "baseline: known findings are not printed"
expect_not_in err "\[waived\]" "baseline: a waived note in the baseline is known too"

run --baseline base.json --format json debt.smm
expect_rc 0 "baseline, --format json"
if python3 - <<EOF; then ok "baseline: JSON summary and baselined flags"; else bad "baseline: JSON summary and baselined flags"; fi
import json; d = json.load(open("out"))
s = d["summary"]
assert s["errors"] == 0 and s["warnings"] == 0 and s["baselined"] == $known, s
assert sum(x["baselined"] for x in d["diagnostics"]) == $known
EOF
run --baseline base.json --format sarif debt.smm
if python3 - <<EOF; then ok "baseline: SARIF baselineState"; else bad "baseline: SARIF baselineState"; fi
import json; r = json.load(open("out"))["runs"][0]["results"]
states = [x.get("baselineState") for x in r]
assert states.count("unchanged") == $known, states
assert all(s in ("unchanged", "new") for s in states), states
EOF

# every kind of finding matches its baseline entry, whatever its severity:
# gap, not-assessed, waived, expired-waiver, unused-waiver, over-target
# (statuses), regression and duplicate-date (history, duplicate_date),
# unmet-consideration (evidence_strict)
for f in statuses history duplicate_date evidence_strict evidence; do
    args=(-Wover-target); [ $f = evidence ] && args+=(--evidence)
    run "${args[@]}" --format json -o "base-$f.json" $f.smm
    run "${args[@]}" --baseline "base-$f.json" --format json $f.smm
    expect_rc 0 "baseline of every finding ($f.smm): the gate passes"
    cp out "again-$f.json"
    run "${args[@]}" --baseline "base-$f.json" --format sarif $f.smm
    if python3 - "$f" <<'EOF'; then ok "baseline of every finding ($f.smm): all matched"; else bad "baseline of every finding ($f.smm)"; fi
import json, sys
f = sys.argv[1]
base = json.load(open("base-%s.json" % f))["diagnostics"]
again = json.load(open("again-%s.json" % f))
kinds = {x["name"] for x in base if x["assessment"]}
unmatched = [(x["name"], x["practice"]) for x in again["diagnostics"] if x["assessment"] and not x["baselined"]]
assert not unmatched, unmatched
assert again["summary"]["baselined"] == sum(1 for x in base if x["assessment"]), again["summary"]
states = [(r["ruleId"], r.get("baselineState")) for r in json.load(open("out"))["runs"][0]["results"]]
assert states and all(s == "unchanged" for _, s in states), states
print(f, sorted(kinds), file=open("kinds-%s.txt" % f, "w"))
EOF
done
cat kinds-*.txt > kinds.txt
for k in gap not-assessed waived expired-waiver unused-waiver over-target regression duplicate-date unmet-consideration; do
    expect_in kinds.txt "'$k'" "baseline of every finding: '$k' was tested"
done

# lines move: a comment block on top, practice lines reordered, a blank line
{ printf '// moved around\n// by a reviewer\n\n'; cat debt.smm; } > moved.smm
python3 - <<'EOF'
import re
src = open("moved.smm").read().split("\n")
body = [i for i, l in enumerate(src) if re.match(r"  (program|compliance|threats|patching) ", l)]
lines = [src[i] for i in body]
for i, l in zip(body, reversed(lines)):
    src[i] = l
open("moved.smm", "w").write("\n".join(src).replace("\n  recovery   =", "\n\n\n  recovery   ="))
EOF
run --baseline base.json moved.smm
expect_rc 0 "baseline: matched by (assessment, practice, name), not line"
expect_in out "$known baselined" "baseline: moved lines are still baselined"

# one new gap
sed 's/^  detection  = 3 system/  detection  = 1 system/' debt.smm > newgap.smm
run --baseline base.json newgap.smm
expect_rc 1 "baseline: one new gap fails the gate"
expect_in out "1 error, 0 warnings, $known baselined" "baseline: only the new gap counts"
expect_in err "detection: comprehensiveness 1 is below the target 2 \[gap\]" "baseline: the new gap is printed"
run --baseline base.json --format github newgap.smm
if [ "$(grep -c '^::error ' out)" = 1 ]; then ok "baseline: one annotation for the new gap"; else bad "baseline: --format github"; cat out; fi

# a different assessment name: nothing matches
sed 's/^assessment demo.debt /assessment demo.renamed /' debt.smm > renamed.smm
run --baseline base.json renamed.smm
expect_rc 1 "baseline: a renamed assessment matches nothing"

# several findings of one kind on one practice: each unmet consideration is a
# finding of its own, keyed by its id.  tiny.twice adds a second level-3
# consideration to `program`; claiming 3 against the target 2 with neither met
# gives two unmet-consideration warnings (counts as 2, still meets the target).
cat > two.smm <<'SMM'
import tiny.lib

profile tiny.twice "Two considerations at level 3" extends tiny.strict {
  consider program level 3 prog.review "The program is reviewed every year"
}

assessment demo.twice "Two unmet considerations" {
  target tiny.twice
  date 2026-09-01

  program    = 3 general
  compliance = 2 general
  threats    = 2 general
  appetite   = 2 general
  scanning   = 2 industry
  patching   = 3 system
  detection  = 2 industry

  met prog.owner
  met prog.roles
  met prog.plan
  met comp.known
  met comp.register
  met thr.generic
  met thr.surface
  met app.noted
  met scan.advisories
  met scan.tool
  met pat.applied
  met pat.policy
  met pat.tested
  met det.contact
}
SMM
if $SMMC fmt --check two.smm >/dev/null 2>&1; then ok "two.smm is in canonical form"; else bad "two.smm is not in canonical form"; fi
sed 's/^  met prog.plan$/&\n  met prog.framework/' two.smm > one.smm # only prog.review unmet
sed 's/^  met prog.plan$/&\n  met prog.review/' two.smm > swap.smm   # only prog.framework unmet
run --format json two.smm
expect_rc 0 "two unmet considerations: warnings only"
if python3 - <<'EOF'; then ok "two unmet considerations: two findings keyed by consideration"; else bad "unmet-consideration keys"; fi
import json
d = [x for x in json.load(open("out"))["diagnostics"] if x["name"] == "unmet-consideration"]
assert [(x["practice"], x["key"]) for x in d] == [("program", "prog.framework"), ("program", "prog.review")], d
EOF
run --format sarif two.smm
if python3 - <<'EOF'; then ok "two unmet considerations: distinct SARIF fingerprints"; else bad "unmet-consideration SARIF fingerprints"; fi
import json
r = [x for x in json.load(open("out"))["runs"][0]["results"] if x["ruleId"] == "W0508"]
fp = [x["partialFingerprints"]["smmcFinding/v1"] for x in r]
assert fp == ["demo.twice/program/unmet-consideration/prog.framework",
              "demo.twice/program/unmet-consideration/prog.review"], fp
assert [x["properties"]["key"] for x in r] == ["prog.framework", "prog.review"], r
EOF
run --format json -o base-one.json one.smm
run --format json -o base-two.json two.smm
run --format json -o base-swap.json swap.smm
run -Werror=unmet-consideration --baseline base-one.json two.smm
expect_rc 1 "baseline of one unmet consideration: a second one fails the gate"
expect_in out "1 error, 0 warnings, 1 baselined" "baseline of one unmet consideration: only the second counts"
expect_in err "consideration prog.framework .*\[unmet-consideration\]" "baseline of one unmet consideration: the new one is printed"
expect_not_in err "consideration prog.review" "baseline of one unmet consideration: the known one is not printed"
run --baseline base-one.json two.smm
expect_rc 0 "baseline of one unmet consideration, no -Werror: a warning"
expect_in out "0 errors, 1 warning, 1 baselined" "baseline of one unmet consideration: the new one is a warning"
run -Werror=unmet-consideration --baseline base-swap.json one.smm
expect_rc 1 "baseline of one unmet consideration: another one in its place fails the gate"
expect_in err "consideration prog.review .*\[unmet-consideration\]" "another unmet consideration in its place is printed"
run -Werror=unmet-consideration --baseline base-two.json one.smm
expect_rc 0 "baseline of two unmet considerations: one met since passes"
expect_in out "0 errors, 0 warnings, 1 baselined" "baseline of two unmet considerations: the remaining one is known"
run -Werror=unmet-consideration --baseline base-two.json two.smm
expect_rc 0 "baseline of two unmet considerations: the same two pass"
expect_in out "2 baselined" "baseline of two unmet considerations: both known"

# a baseline is a multiset: each entry matches at most one finding, so an
# entry listed twice matches twice but never hides a finding of another key
# (tests/unit/test_baseline.c: two identical findings and one entry)
python3 - <<'EOF'
import json
d = json.load(open("base-one.json"))
d["diagnostics"] += [dict(x) for x in d["diagnostics"]]
json.dump(d, open("base-one-twice.json", "w"))
EOF
run -Werror=unmet-consideration --baseline base-one-twice.json two.smm
expect_rc 1 "baseline listing one unmet consideration twice: the other still fails the gate"
expect_in out "1 error, 0 warnings, 1 baselined" "baseline listing an entry twice: it matches one finding"

# baselines written before findings had keys: entries without "key"
python3 - <<'EOF'
import json
for f in ("base.json", "base-two.json"):
    d = json.load(open(f))
    for x in d["diagnostics"]:
        x.pop("key", None)
    json.dump(d, open("old-" + f, "w"))
EOF
run --baseline old-base.json debt.smm
expect_rc 0 "old baseline without keys: the same findings pass the gate"
expect_in out "0 errors, 0 warnings, $known baselined$" "old baseline without keys: every finding matches as before"
run -Werror=unmet-consideration --baseline old-base-two.json two.smm
expect_rc 1 "old baseline without keys: an unmet-consideration entry is ambiguous and matches nothing"
expect_in out "2 errors, 0 warnings$" "old baseline without keys: both unmet considerations count"

# the baseline's findings do not use up -fmax-errors and hide a new one
{ echo "import tiny.lib"
  for i in 1 2 3 4; do printf 'assessment many.a%d { target tiny.base date 2026-01-0%d }\n' "$i" "$i"; done; } > many.smm
run --format json -o many.json many.smm
sed -i 's/^assessment many.a4 { target tiny.base date 2026-01-04 }/assessment many.a4 { target tiny.base date 2026-01-04 program = 1 }/' many.smm
run -fmax-errors=3 --baseline many.json many.smm
expect_rc 1 "baseline + -fmax-errors: a new gap after many known ones still fails"
expect_in err "program: comprehensiveness 1 is below the target 2 \[gap\]" "baseline + -fmax-errors: the new gap is shown"

# errors in the file are never known debt
printf 'import tiny.lib\nassessment typo.a { target tiny.base date 2026-01-01 program = 2 met prog.ower }\n' > typo.smm
run --format json typo.smm   # (-o: a run that does not compile writes no file)
# even when a baseline ties it to the assessment
python3 -c '
import json; d = json.load(open("out"))
for x in d["diagnostics"]: x["assessment"] = "typo.a"
json.dump(d, open("typo.json", "w"))'
run --baseline typo.json typo.smm
expect_rc 1 "baseline: a compile error is never baselined"

# unreadable baselines: exit 2, and the output file is left alone
echo "previous good result" > keep.txt
for b in missing.json . broken.json nodiags.json; do
    case $b in
        broken.json) echo '{"diagnostics": [' > broken.json ;;
        nodiags.json) echo '{"smm_check": 1}' > nodiags.json ;;
    esac
    run --baseline "$b" --format json -o keep.txt debt.smm
    expect_rc 2 "unreadable baseline '$b'"
    expect_in err "baseline '$b'" "unreadable baseline '$b' is named"
done
if [ "$(cat keep.txt)" = "previous good result" ]; then ok "unreadable baseline: -o file untouched"; else bad "unreadable baseline: -o file overwritten"; fi
no_temp_files . "unreadable baseline"

# ------------------------------------------------------------------ atomic -o
run --format sarif -o good.sarif statuses.smm
$SMMC check --today 2026-10-01 --stdlib "$stdlib" --format sarif statuses.smm > direct.sarif 2>/dev/null
if cmp -s good.sarif direct.sarif; then ok "-o FILE holds what stdout would"; else bad "-o FILE differs from stdout"; fi
mode=$(stat -c %a good.sarif); want=$(printf '%o' $((0666 & ~$(umask))))
if [ "$mode" = "$want" ]; then ok "-o FILE has mode $want (umask applied)"; else bad "-o FILE mode $mode, want $want"; fi
cp good.sarif good.before

printf 'import tiny.lib\nassessment broken.a { target tiny.nosuch }\n' > broken.smm
for fmt in text json sarif junit github csv; do
    run --format $fmt -o good.sarif broken.smm
    expect_rc 1 "a run that does not compile (--format $fmt -o)"
done
if cmp -s good.sarif good.before; then ok "a run that does not compile leaves the -o file alone"; else bad "a failed run overwrote the -o file"; fi
expect_in err "tiny.nosuch" "a run that does not compile prints its errors on stderr"
no_temp_files . "failed compile"

# writing fails half way: a file size limit (SIGXFSZ ignored, so write() fails)
( trap '' XFSZ; ulimit -f 4
  $SMMC check --today 2026-10-01 --stdlib "$stdlib" --format sarif -o good.sarif history.smm >out 2>err; echo $? > rc )
rc=$(cat rc)
expect_rc 2 "a write error"
expect_in err "cannot write 'good.sarif'" "a write error is reported"
if cmp -s good.sarif good.before; then ok "a write error leaves the -o file alone"; else bad "a write error damaged the -o file"; fi
no_temp_files . "write error"

mkdir -p adir
run -o adir statuses.smm
expect_rc 2 "-o naming a directory"
if [ -d adir ]; then ok "-o naming a directory: the directory is intact"; else bad "-o replaced a directory"; fi
no_temp_files . "-o directory"
run -o no/such/dir/out.txt statuses.smm
expect_rc 2 "-o into a missing directory"
expect_in err "cannot write 'no/such/dir/out.txt'" "-o into a missing directory is reported"
if [ -w /dev/full ]; then
    $SMMC check --today 2026-10-01 --stdlib "$stdlib" --format json statuses.smm >/dev/full 2>err; rc=$?
    expect_rc 2 "stdout that cannot be written (/dev/full)"
    expect_in err "cannot write" "stdout write error is reported"
fi
run -o - --format csv statuses.smm
if head -1 out | grep -q '^assessment,'; then ok "-o - is stdout"; else bad "-o - is stdout"; fi

# ------------------------------------------------------------------ usage, I/O
run missing.smm;                      expect_rc 2 "a missing input file"
expect_in err "missing.smm" "a missing input file is named"
run;                                  expect_rc 2 "no input file"
run --format jsn statuses.smm;        expect_rc 2 "--format typo"
expect_in err "did you mean 'json'" "--format typo: did you mean"
run --format sraif statuses.smm;      expect_rc 2 "--format transposition"
expect_in err "did you mean 'sarif'" "--format transposition: did you mean"
run --format html statuses.smm;       expect_rc 2 "--format of another command"
run --color sometimes statuses.smm;   expect_rc 2 "--color bad value"
for d in 2026-02-30 2026-13-01 26-10-01 yesterday; do
    $SMMC check --stdlib "$stdlib" --today "$d" statuses.smm >out 2>err; rc=$?
    expect_rc 2 "--today $d"
done
for m in x -1 ""; do
    run "-fmax-errors=$m" statuses.smm; expect_rc 2 "-fmax-errors=$m"
done
run --frobnicate statuses.smm;        expect_rc 2 "an unknown option"
run statuses.smm --baseline;          expect_rc 2 "--baseline without a value"
run --emit json statuses.smm;         expect_rc 2 "an option of another command"
$SMMC check --help >out 2>err; rc=$?
expect_rc 0 "--help"
expect_in out "Exit status: 0 clean, 1 errors, 2 usage or I/O error, 70 internal error" "--help lists the exit statuses"

# ------------------------------------------------------------------ determinism, well-formedness
for f in statuses history evidence; do
    args=(); [ $f = evidence ] && args=(--evidence)
    for fmt in text json sarif junit github csv; do
        run "${args[@]}" --format $fmt $f.smm; cp out one; cp err one.err
        run "${args[@]}" --format $fmt $f.smm
        if cmp -s out one && cmp -s err one.err; then ok "deterministic: $f --format $fmt"
        else bad "not deterministic: $f --format $fmt"; fi
        case $fmt in
            json|sarif)
                if python3 -m json.tool out >/dev/null 2>&1; then ok "well-formed JSON: $f $fmt"; else bad "malformed JSON: $f $fmt"; fi ;;
            junit)
                if ! command -v xmllint >/dev/null; then ok "xmllint missing: $f junit not checked"
                elif xmllint --noout --schema "$root/tests/check/junit-10.xsd" out 2>err; then ok "JUnit valid (junit-10.xsd): $f"
                else bad "JUnit invalid (junit-10.xsd): $f"; head -3 err; fi
                if python3 - <<'EOF'; then ok "JUnit counts add up: $f"; else bad "JUnit counts do not add up: $f"; fi
import xml.etree.ElementTree as ET
root = ET.parse("out").getroot()
suites = root.findall("testsuite")
for k in ("tests", "failures", "errors"):
    assert int(root.get(k)) == sum(int(s.get(k)) for s in suites), k
assert root.get("skipped") is None, "testsuites carries skipped"
for s in suites:
    cases = s.findall("testcase")
    assert int(s.get("tests")) == len(cases)
    # the counts are the elements, and a testcase holds at most one <failure>
    assert int(s.get("failures")) == len(s.findall("testcase/failure")), s.get("name")
    assert int(s.get("skipped")) == len(s.findall("testcase/skipped")), s.get("name")
    assert int(s.get("errors")) == len(s.findall("testcase/error")), s.get("name")
    assert all(len(c.findall("failure")) <= 1 for c in cases), s.get("name")
    assert all(len(c.findall("system-out")) <= 1 for c in cases), s.get("name")
EOF
                ;;
            csv)
                if python3 - <<'EOF'; then ok "well-formed CSV: $f"; else bad "malformed CSV: $f"; fi
import csv
rows = list(csv.reader(open("out", newline="")))
assert rows[0][0] == "assessment" and len(rows) > 1
assert all(len(r) == len(rows[0]) for r in rows), [len(r) for r in rows]
assert open("out", "rb").read().count(b"\r\n") == len(rows)
EOF
                ;;
            github)
                if grep -Evq '^::(error|warning|notice) (file=[^,]+,line=[0-9]+,col=[0-9]+,endLine=[0-9]+,endColumn=[0-9]+,)?title=[^:]+::' out
                then bad "malformed annotation: $f"; grep -Ev '^::(error|warning|notice) ' out | head -3
                else ok "well-formed annotations: $f"; fi ;;
        esac
    done
done
# -o gives the same bytes as stdout, for every format
for fmt in text json sarif junit github csv; do
    run --format $fmt statuses.smm; cp out viastdout
    run --format $fmt -o viafile statuses.smm
    if cmp -s viafile viastdout; then ok "-o and stdout agree: $fmt"; else bad "-o and stdout differ: $fmt"; fi
done

# ------------------------------------------------------------------ SARIF: help, URIs
# Rules explain themselves (help = what `smmc explain` prints), no file://
# help links without a configured DOCS_URL, artifact URIs relative to
# %SRCROOT% (the working directory) or STDLIBROOT, both declared.
for c in E0101 E0501 W0509; do $SMMC explain $c >"explain-$c.txt"; done
mkdir -p outside && cp statuses.smm outside/abs.smm && cp -r tiny outside/
run --format sarif stdlib_medical.smm; cp out stdlib.sarif
(cd outside && $SMMC check --today 2026-10-01 --stdlib "$stdlib" --format sarif "$work/outside/abs.smm" >../abs.sarif 2>/dev/null)
(cd / && $SMMC check --today 2026-10-01 --stdlib "$stdlib" --format sarif "$work/statuses.smm" >"$work/root.sarif" 2>/dev/null)
if python3 - "$work" <<'EOF'; then ok "SARIF: rules' help, no file:// help links, relative URIs with declared bases"; else bad "SARIF help or URIs"; fi
import json, sys, urllib.parse
work = sys.argv[1]
def load(name):
    return json.load(open("%s/%s" % (work, name)))["runs"][0]
def artifacts(run):
    for r in run["results"]:
        for l in r["locations"] + r.get("relatedLocations", []):
            yield l["physicalLocation"]["artifactLocation"]
run = load("stdlib.sarif")
driver = run["tool"]["driver"]
assert "informationUri" not in driver, driver.get("informationUri")
for rule in driver["rules"]:
    assert "helpUri" not in rule, rule["id"]
    assert rule["help"]["text"].strip() and rule["help"]["markdown"].strip(), rule["id"]
    assert "smmc explain %s" % rule["id"] in rule["help"]["text"], rule["id"]
byid = {r["id"]: r for r in driver["rules"]}
for code in ("E0101", "E0501", "W0509"):
    want = open("%s/explain-%s.txt" % (work, code)).read().rstrip("\n")
    assert byid[code]["help"]["markdown"] == want, code
assert "Example" not in byid["E0501"]["help"]["text"]
bases = run["originalUriBaseIds"]
assert bases["%SRCROOT%"]["uri"] == "file://%s/" % urllib.parse.quote(work), bases
assert bases["STDLIBROOT"]["uri"].startswith("file://") and bases["STDLIBROOT"]["uri"].endswith("/stdlib/")
assert run["invocations"][0]["workingDirectory"] == bases["%SRCROOT%"]
seen = set()
for a in artifacts(run):
    assert a["uriBaseId"] in bases and not a["uri"].startswith(("/", "file:")), a
    seen.add((a["uriBaseId"], a["uri"]))
assert ("%SRCROOT%", "stdlib_medical.smm") in seen and ("STDLIBROOT", "profiles/medical.smm") in seen, seen
# an absolute path below the working directory is relative to it too
assert {(a["uriBaseId"], a["uri"]) for a in artifacts(load("abs.sarif"))} >= {("%SRCROOT%", "abs.smm")}
# from '/', everything is below the working directory "/"
r = load("root.sarif")
assert r["originalUriBaseIds"]["%SRCROOT%"]["uri"] == "file:///"
assert all(a["uriBaseId"] == "%SRCROOT%" and not a["uri"].startswith("/") for a in artifacts(r))
EOF

# ------------------------------------------------------------------ JSON contract (tool.md §4)
run --format json statuses.smm
if python3 - <<'EOF'; then ok "JSON has the fields tool.md promises"; else bad "JSON misses fields tool.md promises"; fi
import json
d = json.load(open("out"))
a = d["assessments"][0]
assert {"name", "target", "practices"} <= a.keys()
assert {"profile", "sector", "system"} <= a["target"].keys()
statuses = set()
for p in a["practices"]:
    assert {"id", "status", "target", "current", "gap"} <= p.keys()
    assert {"comprehensiveness", "scope"} <= p["target"].keys() <= p["target"].keys()
    statuses.add(p["status"])
assert statuses == {"met", "gap", "over-target", "not-assessed", "not-applicable", "waived"}, statuses
for x in d["diagnostics"]:
    assert {"code", "name", "severity", "file", "line", "column", "message"} <= x.keys()
EOF

echo "check-e2e: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
