#!/usr/bin/env bash
# OSCAL outputs (tool.md §8, docs/oscal.md): every OSCAL document the tests
# produce is validated against NIST's OSCAL 1.2.1 JSON schemas (vendored in
# tests/oscal/schemas/) with ajv 8 + ajv-formats, installed on first use by
# tests/lib/ajv.sh (into build/npm-ajv, not committed; the IR tests share
# it).  Then:
#   - goldens: tests/oscal/golden/NAME.json, the documents of the stdlib
#     example assessments (UPDATE=1 rewrites them; review the diff);
#   - a round trip: every practice, status, evidence string and waiver of
#     the example assessments can be found in their assessment results;
#   - determinism: two runs (the second one single-threaded) are
#     byte-identical;
#   - integrity: UUIDs and ids unique, every reference resolves; the
#     profile's and the results' ids are the catalog's;
#   - text full of quotes, control and bidi characters validates;
#   - Markdown: every markup field of every document renders (commonmark.js,
#     installed into build/npm-commonmark on first use) as plain text, and
#     the text of tests/oscal/markdown.smm, full of markup characters,
#     renders as written, while plain string fields (props) hold it as is;
#   - usage errors (exit 2, a message saying what to do, no file written);
#   - controls: documents the validator must reject, and one with a
#     non-ASCII control id it must accept (the schemas' \p{L} patterns).
#
#   tests/oscal/run.sh          # last line: "oscal: N passed, M failed"
#   OSCAL_KEEP=DIR  keep the documents in DIR
set -u
unset SOURCE_DATE_EPOCH # the goldens hold the times the inputs give
root=$(cd "$(dirname "$0")/../.." && pwd)
SMMC=${SMMC:-$root/build/smmc}
schemas=$root/tests/oscal/schemas
golden=$root/tests/oscal/golden
pass=0 fail=0

ok()  { pass=$((pass + 1)); [ -n "${VERBOSE:-}" ] && echo "ok   $1"; return 0; }
bad() { fail=$((fail + 1)); echo "FAIL oscal: $1"; }
finish() { echo "oscal: $pass passed, $fail failed"; [ "$fail" -eq 0 ]; exit $?; }

# ---------------------------------------------------------------- validator
. "$root/tests/lib/ajv.sh"
ajv_setup "$root" || { bad "no JSON Schema validator: npm install of ajv@8 and ajv-formats failed (tests/lib/ajv.sh)"; finish; }
export NODE_PATH=$AJV_NODE_PATH

work=${OSCAL_KEEP:-$(mktemp -d)}
mkdir -p "$work"
[ -n "${OSCAL_KEEP:-}" ] || trap 'rm -rf "$work"' EXIT
cd "$root" || exit 1

# ---------------------------------------------------------------- documents
# KIND:NAME:COMMAND -- KIND picks the schema; commands run in the root, with
# relative paths, so documents (and goldens) hold no machine's paths.
C="--stdlib stdlib"
T="$C --today 2026-10-01"
cases=(
    "catalog:iic-catalog:compile $C --emit oscal-catalog examples/medical/assessment.smm"
    "catalog:catalog-by-profile:compile $C --emit oscal-catalog --profile consumer.security_camera examples/waivers/camera.smm"
    "profile:medical-base-station:compile $C --emit oscal-profile --profile healthcare.medical_device --sector healthcare --system base_station examples/medical/assessment.smm"
    "profile:baseline:compile $C --emit oscal-profile --profile iiot.baseline examples/medical/assessment.smm"
    "profile:camera-strict:compile $C --emit oscal-profile --profile homecam.strict_target --system doorbell examples/waivers/camera.smm"
    "profile:tricky-profile:compile $C --emit oscal-profile --profile tricky.target --sector healthcare --system base_station tests/oscal/tricky.smm"
    "catalog:tricky-catalog:compile $C --emit oscal-catalog tests/oscal/tricky.smm"
    "assessment-results:medical-results:check $T --format oscal examples/medical/assessment.smm"
    "assessment-results:camera-results:check $T --format oscal examples/waivers/camera.smm"
    "assessment-results:camera-evidence-results:check $T --format oscal --evidence examples/waivers/camera.smm"
    "assessment-results:history-results:check $T --format oscal examples/history/bottling_line.smm"
    "assessment-results:multi-results:check $T --format oscal examples/assessments/multi.smm"
    "assessment-results:report-fixture-results:check $T --format oscal tests/report/fixture.smm"
    "assessment-results:statuses-results:check $T --format oscal tests/golden/check/statuses.smm"
    "assessment-results:tricky-results:check $T --format oscal tests/oscal/tricky.smm"
    "assessment-results:baselined-results:check $T --format oscal --baseline tests/golden/check/known-debt.json tests/golden/check/baselined.smm"
    "poam:medical-poam:report $T --format oscal-poam -o - examples/medical/assessment.smm"
    "poam:camera-poam:report $T --format oscal-poam -o - examples/waivers/camera.smm"
    "poam:history-poam:report $T --format oscal-poam -o - examples/history/bottling_line.smm"
    "poam:report-fixture-poam:report $T --format oscal-poam -o - tests/report/fixture.smm"
    "poam:tricky-poam:report $T --format oscal-poam -o - tests/oscal/tricky.smm"
    "profile:markdown-profile:compile $C --emit oscal-profile --profile md.target --sector healthcare --system base_station tests/oscal/markdown.smm"
    "assessment-results:markdown-results:check $T --format oscal tests/oscal/markdown.smm"
    "poam:markdown-poam:report $T --format oscal-poam -o - tests/oscal/markdown.smm"
)
# the goldens: the stdlib example assessments
goldens="iic-catalog medical-base-station medical-results medical-poam camera-results camera-poam history-results history-poam"

declare -A schema_of=(
    [catalog]=oscal_catalog_schema.json [profile]=oscal_profile_schema.json
    [assessment-results]=oscal_assessment-results_schema.json [poam]=oscal_poam_schema.json
)
declare -A files_of=()
for c in "${cases[@]}"; do
    IFS=: read -r kind name cmd <<<"$c"
    f=$work/$name.json
    # shellcheck disable=SC2086
    $SMMC $cmd >"$f" 2>"$work/$name.stderr"
    rc=$?
    if [ "$rc" -gt 1 ] || ! [ -s "$f" ]; then
        bad "$name: smmc $cmd exited $rc without a document"; head -5 "$work/$name.stderr"; continue
    fi
    files_of[$kind]="${files_of[$kind]:-} $f"
    # determinism: a second run, one thread, must give the same bytes
    # shellcheck disable=SC2086
    $SMMC $cmd -j1 >"$f.again" 2>/dev/null
    if cmp -s "$f" "$f.again"; then ok "$name: deterministic"; else bad "$name: a second run (-j1) differs"; diff "$f" "$f.again" | head -5; fi
    case " $goldens " in
        *" $name "*)
            if [ "${UPDATE:-}" = 1 ]; then mkdir -p "$golden"; cp "$f" "$golden/$name.json"; fi
            if cmp -s "$f" "$golden/$name.json"; then ok "$name: golden"; else
                bad "$name: differs from tests/oscal/golden/$name.json"; diff "$f" "$golden/$name.json" | head -10; fi ;;
    esac
done

# SOURCE_DATE_EPOCH sets the catalog's and profile's time; without it (and
# without an assessment in the inputs) the time is fixed, never the clock.
got=$(SOURCE_DATE_EPOCH=1767225600 $SMMC compile $C --emit oscal-catalog examples/medical/assessment.smm 2>/dev/null |
      grep -m1 '"last-modified"')
if [[ $got == *'"2026-01-01T00:00:00Z"'* ]]; then ok "SOURCE_DATE_EPOCH"; else bad "SOURCE_DATE_EPOCH: $got"; fi
got=$(env -u SOURCE_DATE_EPOCH $SMMC compile $C --emit oscal-profile --profile iiot.baseline stdlib/profiles/baseline.smm \
      2>/dev/null | grep -m1 '"last-modified"')
if [[ $got == *'"1970-01-01T00:00:00Z"'* ]]; then ok "no date in the inputs: a fixed time"; else bad "fixed time: $got"; fi

# --provenance winner: the winning settings only
n_full=$(grep -c '"name": "overrides"' "$work/medical-base-station.json")
n_winner=$($SMMC compile $C --emit oscal-profile --provenance winner --profile healthcare.medical_device --sector healthcare \
    --system base_station examples/medical/assessment.smm 2>/dev/null | grep -c '"name": "overrides"')
if [ "$n_full" -gt 0 ] && [ "$n_winner" -eq 0 ]; then ok "--provenance winner"; else bad "--provenance winner: $n_full/$n_winner overrides"; fi

# --baseline: the findings it matched say so
if grep -q '"name": "baselined"' "$work/baselined-results.json" 2>/dev/null; then ok "baselined findings marked"
else bad "check --format oscal --baseline: no finding marked baselined"; fi

# ---------------------------------------------------------------- controls
python3 - "$work" <<'EOF'
import json, sys, copy
w = sys.argv[1]
cat = json.load(open(w + "/iic-catalog.json"))
def save(name, d):
    json.dump(d, open("%s/control-%s.json" % (w, name), "w"), ensure_ascii=False, indent=1)
def first_control(d):
    return d["catalog"]["groups"][0]["groups"][0]["controls"][0]
d = copy.deepcopy(cat); first_control(d)["id"] = "1starts-with-a-digit"; save("bad-token", d)
d = copy.deepcopy(cat); first_control(d)["props"][0]["value"] = "two\nlines"; save("bad-newline", d)
d = copy.deepcopy(cat); d["catalog"]["uuid"] = "not-a-uuid"; save("bad-uuid", d)
d = copy.deepcopy(cat); d["catalog"]["metadata"]["last-modified"] = "2026-13-01T00:00:00Z"; save("bad-time", d)
d = copy.deepcopy(cat); first_control(d)["id"] = "Ärger_ß"; save("good-unicode", d)
EOF
for f in "$work"/control-bad-*.json; do
    if node tests/oscal/validate.js "$schemas/oscal_catalog_schema.json" "$f" >"$f.log" 2>&1; then
        bad "$(basename "$f"): the validator accepted a broken document"
    else ok "$(basename "$f") rejected"; fi
done
if node tests/oscal/validate.js "$schemas/oscal_catalog_schema.json" "$work/control-good-unicode.json" >"$work/u.log" 2>&1; then
    ok "a control id with non-ASCII letters validates (\\p{L} patterns work)"
else bad "a control id with non-ASCII letters was rejected: the validator does not run Unicode patterns"; cat "$work/u.log"; fi

# ---------------------------------------------------------------- schemas
for kind in "${!files_of[@]}"; do
    # shellcheck disable=SC2086
    node tests/oscal/validate.js "$schemas/${schema_of[$kind]}" ${files_of[$kind]} >"$work/$kind.validation" 2>&1
    while IFS=$'\t' read -r file verdict msg; do
        if [ "$verdict" = ok ]; then ok "$file valid"; else bad "$file: $msg"; fi
    done < <(awk -F'\t' '!seen[$1 $2]++ || $2 == "error"' "$work/$kind.validation" | head -40)
    grep -qv $'\t' "$work/$kind.validation" && { bad "validator output for $kind"; head "$work/$kind.validation"; }
done

# ---------------------------------------------------------------- Markdown
# OSCAL's markup fields are CommonMark; smmc writes plain text into them,
# escaped (docs/oscal.md).  Each must render as text: no emphasis, code,
# link, HTML, heading, list, quote or rule.
cm=$root/build/npm-commonmark
if [ ! -e "$cm/node_modules/commonmark/package.json" ]; then
    mkdir -p "$cm"
    npm install --prefix "$cm" --no-audit --no-fund commonmark@0.31 >"$cm/install.log" 2>&1 ||
        bad "npm install commonmark@0.31 failed (see $cm/install.log)"
fi
if ! NODE_PATH=$cm/node_modules node tests/oscal/markdown.js "$work"/*.json >"$work/markdown.jsonl" 2>"$work/markdown.err"
then bad "tests/oscal/markdown.js failed"; head -5 "$work/markdown.err"; fi
if python3 - "$work" <<'EOF'; then ok "every markup field renders as plain text"; else bad "markup fields render as markup"; fi
import json, sys
fields = [json.loads(l) for l in open(sys.argv[1] + "/markdown.jsonl", encoding="utf-8")]
bad = ["%s%s renders %s: %r" % (b["file"].rsplit("/", 1)[-1], b["path"], ",".join(b["markup"]), b["text"][:60])
       for b in fields if b["markup"]]
print("\n".join(bad[:10]))
sys.exit(1 if bad or len(fields) < 1000 else 0)
EOF
if python3 - "$work" <<'EOF'; then ok "markdown.smm: markup characters render as written; props hold them as is"; else bad "markdown.smm text"; fi
import json, sys
w = sys.argv[1]
texts = {}
for l in open(w + "/markdown.jsonl", encoding="utf-8"):
    f = json.loads(l)
    texts.setdefault(f["file"].rsplit("/", 1)[-1], []).append(f["text"])
doc = ("# Not a heading\n1. not a list\n- nor this\n> nor a quote\n---\n"
       "A [link](http://example.com), <b>bold</b>, &amp; and \\* stay text.")
want = {
    "markdown-profile.json": [doc, "*Draft* target_v2 `beta` (md.target sector healthcare system base_station)",
                              "* bullet-like consideration"],
    "markdown-results.json": ["## Q3 <review>", "+ plus `tick` <i>x</i>", "![img](y.png)", "***",
                              "&#65; &copy; <http://x.y>", "back\\slash\\", "> quoted ~~~ fence",
                              "= = =\n___ *waived*",
                              "Assessment md.assessment against the target md.target sector healthcare system "
                              "base_station.\n\n1) first\n2) second\n\nindented, not code"],
    "markdown-poam.json": ["= = =\n___ *waived*"],
}
missing = ["%s: %r" % (f, t) for f, ts in want.items() for t in ts if t not in texts.get(f, [])]
cons = [t for t in texts.get("markdown-profile.json", []) if t.startswith(">= 2: required by md.target")]
if not cons or not all(c.endswith("because [CVE](x) & `grep` #1") for c in cons):
    missing.append("constraint description: %r" % cons)
props = set()
def walk(o):
    if isinstance(o, dict):
        if "name" in o and "value" in o:
            props.add((o["name"], o["value"]))
        for v in o.values():
            walk(v)
    elif isinstance(o, list):
        for v in o:
            walk(v)
for f in ("markdown-profile.json", "markdown-results.json"):
    walk(json.load(open("%s/%s" % (w, f), encoding="utf-8")))
for p in [("because", "_because_ **we** said <so>"), ("assessor", "A*B_C"), ("owner", "_owner_")]:
    if p not in props:
        missing.append("prop %s = %r" % p)
print("\n".join(missing))
sys.exit(1 if missing else 0)
EOF

# ---------------------------------------------------------------- integrity
# What the JSON schemas cannot say and OSCAL's constraints do: UUIDs and ids
# are unique in a document, and every reference points at an object in it
# (observation, risk, back-matter resource).
integrity() { # FILE
    python3 - "$1" <<'EOF'
import collections, json, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
uuids, ids, refs = [], [], []
def walk(o):
    if isinstance(o, dict):
        for k, v in o.items():
            if k == "uuid":
                uuids.append(v)
            elif k == "id":
                ids.append(v)
            elif k in ("observation-uuid", "risk-uuid", "finding-uuid"):
                refs.append(v)
            elif k == "href" and isinstance(v, str) and v.startswith("#"):
                refs.append(v[1:])
            walk(v)
    elif isinstance(o, list):
        for v in o:
            walk(v)
walk(doc)
errors = ["duplicate uuid " + u for u, n in collections.Counter(uuids).items() if n > 1]
errors += ["duplicate id " + i for i, n in collections.Counter(ids).items() if n > 1]
errors += ["dangling reference " + r for r in refs if r not in uuids]
if errors:
    print("\n".join(errors[:10]))
sys.exit(1 if errors else 0)
EOF
}
for f in "$work"/*.json; do
    case $(basename "$f") in control-*) continue ;; esac
    if integrity "$f"; then ok "$(basename "$f"): unique ids, references resolve"; else bad "$(basename "$f"): integrity"; fi
done
python3 - "$work/medical-results.json" "$work/control-dangling.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
d["assessment-results"]["results"][0]["findings"][0]["related-observations"][0]["observation-uuid"] = \
    "00000000-0000-5000-8000-000000000000"
json.dump(d, open(sys.argv[2], "w"))
EOF
if integrity "$work/control-dangling.json" >/dev/null; then bad "a dangling reference went unnoticed"; else ok "a dangling reference is caught"; fi

# ---------------------------------------------------------------- cross-references
# The profile and the results name what the catalog defines: parameters,
# level parts (alters, finding targets), controls.
if python3 - "$work/iic-catalog.json" "$work/medical-base-station.json" "$work/medical-results.json" \
        "$work/camera-results.json" <<'EOF'; then ok "profile and results refer to the catalog's ids"; else bad "cross-references"; fi
import json, sys
ids = set()
def walk(o):
    if isinstance(o, dict):
        if isinstance(o.get("id"), str):
            ids.add(o["id"])
        for v in o.values():
            walk(v)
    elif isinstance(o, list):
        for v in o:
            walk(v)
walk(json.load(open(sys.argv[1])))
missing = []
prof = json.load(open(sys.argv[2]))["profile"]
for sp in prof["modify"]["set-parameters"]:
    if sp["param-id"] not in ids:
        missing.append("param " + sp["param-id"])
for a in prof["modify"].get("alters", []):
    if a["control-id"] not in ids:
        missing.append("control " + a["control-id"])
    for add in a["adds"]:
        if add["by-id"] not in ids:
            missing.append("part " + add["by-id"])
for f in sys.argv[3:]:
    for r in json.load(open(f))["assessment-results"]["results"]:
        for fd in r["findings"]:
            if fd["target"]["target-id"] not in ids:
                missing.append("finding target " + fd["target"]["target-id"])
if missing:
    print("\n".join(missing[:10]))
sys.exit(1 if missing else 0)
EOF

# ---------------------------------------------------------------- round trip
# Every practice (with its status), evidence string and waiver of an
# assessment can be found in its assessment results.
for ex in medical:examples/medical/assessment.smm camera:examples/waivers/camera.smm; do
    IFS=: read -r name src <<<"$ex"
    # shellcheck disable=SC2086
    $SMMC check $T --format json "$src" >"$work/$name.check.json" 2>/dev/null
    if python3 - "$src" "$work/$name.check.json" "$work/$name-results.json" <<'EOF'; then ok "$name: round trip"; else bad "$name: round trip"; fi
import json, re, sys
src, check, ar = sys.argv[1:4]
text = open(src, encoding="utf-8").read()
res = json.load(open(ar, encoding="utf-8"))["assessment-results"]["results"]
want = json.load(open(check))["assessments"]
missing = []
def props(o):
    return {(p["name"], p["value"]) for p in o.get("props", [])}
def md_text(md):  # the text of an escaped markup field (smmc escapes with backslashes only)
    return re.sub(r'\\([!-/:-@\[-`{-~])', r'\1', md)
for a, r in zip(want, res):
    if ("assessment", a["name"]) not in props(r):
        missing.append("result of " + a["name"])
    findings = {}
    for f in r["findings"]:
        findings[dict((p["name"], p["value"]) for p in f["props"])["practice"]] = f
    for p in a["practices"]:
        f = findings.get(p["id"])
        if not f or ("status", p["status"]) not in props(f) or ("status", p["status"]) not in props(f["target"]):
            missing.append("finding %s %s" % (p["id"], p["status"]))
    evidence = [md_text(e["description"]) for o in r.get("observations", []) for e in o.get("relevant-evidence", [])]
    risks = r.get("risks", [])
    for ev in re.findall(r'evidence\s+"((?:[^"\\]|\\.)*)"', text):
        if ev not in evidence:
            missing.append("evidence " + ev)
    for m in re.finditer(r'waive\s+(\w+)\s+because\s+"((?:[^"\\]|\\.)*)"\s+until\s+(\S+)\s+owner\s+"([^"]*)"', text):
        pr, because, until, owner = m.groups()
        if not any(("practice", pr) in props(k) and md_text(k["description"]) == because and ("owner", owner) in props(k)
                   and k["deadline"].startswith(until) for k in risks):
            missing.append("waiver " + pr)
if missing:
    print("\n".join(missing))
    sys.exit(1)
EOF
done

# ---------------------------------------------------------------- usage errors
# CMD ... :: what the message must say; exit 2 and no file written
usage=(
    "compile --stdlib stdlib --emit oscal-profile examples/medical/assessment.smm::give --profile P"
    "check --stdlib stdlib --format oscal-poam examples/medical/assessment.smm::smmc report --format oscal-poam"
    "check --stdlib stdlib --format oscal-catalog examples/medical/assessment.smm::smmc compile --emit oscal-catalog"
    "report --stdlib stdlib --format oscal examples/medical/assessment.smm::smmc check --format oscal"
    "compile --stdlib stdlib --emit oscal examples/medical/assessment.smm::smmc check --format oscal"
    "build --stdlib stdlib --emit oscal-catalog examples/medical::smmc compile --emit oscal-catalog"
    "check --stdlib stdlib --format oscal stdlib/profiles/baseline.smm::no assessment"
    "compile --stdlib stdlib --emit oscal-catalog tests/oscal/two-models.smm::choose one with --profile"
)
for u in "${usage[@]}"; do
    cmd=${u%%::*} want=${u##*::}
    rm -f "$work/usage.out"
    # shellcheck disable=SC2086
    $SMMC $cmd -o "$work/usage.out" >/dev/null 2>"$work/usage.err"
    rc=$?
    if [ "$rc" -eq 2 ] && grep -qF -- "$want" "$work/usage.err" && ! [ -e "$work/usage.out" ]; then
        ok "usage: $cmd"
    else
        bad "usage: smmc $cmd: exit $rc (want 2), message must say '$want', no output file"; cat "$work/usage.err"
    fi
done

finish
