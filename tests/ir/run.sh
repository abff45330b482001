#!/usr/bin/env bash
# The intermediate form, revision 2 (tool.md §4), on every input the
# repository holds:
#
#  1. every .smm under stdlib/, examples/ and tests/spec/ that compiles is
#     written as XML and JSON, with --provenance full and winner, and with
#     `smmc build` (its index too); every document is validated: XML against
#     stdlib/schema/smm-ir.rng (xmllint, which checks the idrefs), JSON
#     against stdlib/schema/smm-ir.schema.json (ajv, tests/lib/ajv.sh, with
#     the index checks a schema cannot state); the two forms of one input
#     list the same number of settings, requirements, considerations and
#     targets;
#  2. the tables of a small library, entry by entry: only the settings,
#     requirements and considerations the document refers to (a --profile
#     selection lists fewer), chains winner first, the default as entry 0,
#     each target's requirements and considerations by index (idref), the
#     profiles table (title, doc, tags once per profile, not per target);
#  3. the validators refuse a broken document (an index out of range, an
#     entry nothing refers to, an unknown idref, revision 1).
#
# The last line is "ir: N passed, M failed"; the exit status is 1 on failure.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
SMMC=${SMMC:-$root/build/smmc}
read -r -a smmc <<<"$SMMC" # may be "valgrind ... smmc"
stdlib=$root/stdlib
rng=$stdlib/schema/smm-ir.rng
jschema=$stdlib/schema/smm-ir.schema.json
pass=0 fail=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
ok()  { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL ir: $*"; }
check() { # name command...
    local name=$1; shift
    if "$@" >/dev/null 2>&1; then ok; else bad "$name"; fi
}
finish() { echo "ir: $pass passed, $fail failed"; [ "$fail" -eq 0 ]; exit $?; }
. "$root/tests/lib/ajv.sh"
if ! ajv_setup "$root"; then bad "no JSON Schema validator (tests/lib/ajv.sh)"; finish; fi
command -v xmllint >/dev/null || { bad "xmllint is not installed"; finish; }
command -v python3 >/dev/null || { bad "python3 is not installed"; finish; }

# count FILE: "SETTINGS REQUIREMENTS CONSIDERATIONS TARGETS" of an IR
# document, either form
count() {
    case $1 in
    *.json) python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(*(len(d[k]) for k in ("settings", "requirements", "considerations", "targets")))' "$1" ;;
    *)      local e n=(); for e in setting requirement consideration target; do n+=("$(xmllint --xpath "count(/smm-ir/$e)" "$1")"); done; echo "${n[*]}" ;;
    esac
}

# ---------------------------------------------------------------- 1. every input
docs=$tmp/docs; mkdir -p "$docs"
n=0
while IFS= read -r f; do
    "${smmc[@]}" compile --stdlib "$stdlib" --emit none "$f" >/dev/null 2>&1 || continue
    n=$((n + 1))
    for prov in full winner; do
        base=$docs/$n-$prov
        if "${smmc[@]}" compile --stdlib "$stdlib" --emit json --provenance $prov -o "$base.json" "$f" 2>/dev/null &&
           "${smmc[@]}" compile --stdlib "$stdlib" --emit xml --provenance $prov -o "$base.xml" "$f" 2>/dev/null; then ok
        else bad "$f ($prov): compile failed"; continue; fi
        if [ "$(count "$base.json")" = "$(count "$base.xml")" ]; then ok
        else bad "$f ($prov): JSON and XML list different settings/requirements/considerations/targets: $(count "$base.json") vs $(count "$base.xml")"; fi
        echo "$f ($prov)" >"$base.name"
    done
done < <(cd "$root" && find stdlib examples tests/spec -name '*.smm' | sort)
[ "$n" -ge 10 ] && ok || bad "only $n inputs compiled"
for prov in json xml; do
    "${smmc[@]}" build "$stdlib" -o "$docs/build-$prov" --emit $prov >/dev/null 2>&1 && ok || bad "smmc build --emit $prov"
    if python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["smm_ir"] == 2' "$docs/build-$prov/index.json" 2>/dev/null
    then ok; else bad "build index does not name IR revision 2"; fi
done
for x in "$docs"/*.xml $(find "$docs"/build-xml -name '*.xml'); do
    if xmllint --noout --relaxng "$rng" "$x" 2>"$tmp/err"; then ok
    else bad "$(cat "${x%.xml}.name" 2>/dev/null || echo "$x"): not valid against smm-ir.rng: $(grep -v validates "$tmp/err" | head -2)"; fi
done
while IFS=$'\t' read -r file verdict why; do
    if [ "$verdict" = ok ]; then ok; else bad "$file: not valid against smm-ir.schema.json: $why"; fi
done < <(ajv_validate --smm-ir "$jschema" "$docs"/*.json $(find "$docs"/build-json -name '*.json' ! -name index.json))

# ---------------------------------------------------------------- 2. one library, entry by entry
cat >"$tmp/lib.smm" <<'SMM'
import iic.smm

profile t.base "Base" model iic.smm {
  doc "The base."
  tags alpha, "two words"
  governance = 2 general
  hardening = 1
  require governance >= 1
  consider threat_modeling level 2 t.model "The threat model is reviewed"
  sector energy { governance = 3 because "regulated"  require hardening >= 1 }
}

profile t.child "Child" extends t.base {
  program_management = 4
  data_protection.* = 2 industry
  require program_management >= 3 because "audited"
  system plc { consider patch_management level 3 t.plc "Patches are staged" }
}
SMM
"${smmc[@]}" compile --stdlib "$stdlib" --emit json -o "$tmp/lib.json" "$tmp/lib.smm" 2>"$tmp/err" && ok || bad "small library: $(head -3 "$tmp/err")"
"${smmc[@]}" compile --stdlib "$stdlib" --emit json --profile t.base -o "$tmp/base.json" "$tmp/lib.smm" 2>/dev/null && ok || bad "small library, --profile t.base"
"${smmc[@]}" compile --stdlib "$stdlib" --emit json --provenance winner --profile t.child -o "$tmp/winner.json" "$tmp/lib.smm" 2>/dev/null && ok || bad "small library, winner"
"${smmc[@]}" compile --stdlib "$stdlib" --emit xml -o "$tmp/lib.xml" "$tmp/lib.smm" 2>/dev/null && ok || bad "small library, xml"
python3 - "$tmp" <<'PY' >"$tmp/py.out" 2>&1 && ok || { bad "small library: $(tail -3 "$tmp/py.out")"; }
import json, sys
tmp = sys.argv[1]
lib = json.load(open(tmp + "/lib.json"))
base = json.load(open(tmp + "/base.json"))
win = json.load(open(tmp + "/winner.json"))
s = lib["settings"]
assert lib["smm_ir"] == 2
# entry 0 is the default (some practices are set by nobody); then every
# setting of the library in source order: 3 of t.base's body, the sector
# one, 2 of t.child
assert s[0] == {"file": None, "layer": "default"}, s[0]
assert [(e.get("profile"), e.get("node"), e.get("layer")) for e in s[1:]] == [
    ("t.base", "governance", "body"), ("t.base", "hardening", "body"), ("t.base", "governance", "sector"),
    ("t.child", "program_management", "body"), ("t.child", "data_protection", "body")], s
assert s[3]["sector"] == "energy" and s[3]["because"] == "regulated" and s[3]["value"] == 3
assert s[5]["forced"] is True and s[5]["scope"] == "industry"
t = {(x["profile"], x["sector"]): x for x in lib["targets"] if x["system"] is None}
assert set(t) == {("t.base", None), ("t.base", "energy"), ("t.child", None), ("t.child", "energy")}, set(t)
assert len(lib["targets"]) == 5  # and t.child's system plc
# requirements and considerations: listed once each, in source order, and
# referred to by index from every target that inherits them (innermost
# layer first, a profile's own before its parents')
r, c = lib["requirements"], lib["considerations"]
assert [(e["profile"], e["node"], e["op"]) for e in r] == [
    ("t.base", "governance", ">="), ("t.base", "hardening", ">="), ("t.child", "program_management", ">=")], r
assert r[2]["because"] == "audited" and r[2]["comprehensiveness"] == 3 and r[2]["line"] == 16, r[2]
assert [(e["profile"], e["id"], e["layer"]) for e in c] == [
    ("t.base", "t.model", "body"), ("t.child", "t.plc", "system")], c
want = {("t.base", None, None): ([0], [0]), ("t.base", "energy", None): ([1, 0], [0]),
        ("t.child", None, None): ([2, 0], [0]), ("t.child", "energy", None): ([1, 2, 0], [0]),
        ("t.child", None, "plc"): ([2, 0], [1, 0])}
got = {(x["profile"], x["sector"], x["system"]): (x["requirements"], x["considerations"]) for x in lib["targets"]}
assert got == want, got
def prac(target, pid):
    return next(p for p in target["practices"] if p["id"] == pid)
# the sector's setting wins over the body's: winner first
p = prac(t[("t.child", "energy")], "program_management")
assert p["provenance"]["comprehensiveness"] == [4] and p["comprehensiveness"] == 4, p
p = prac(t[("t.child", "energy")], "risk_attitude")  # a governance practice
assert p["provenance"]["comprehensiveness"] == [3, 1] and p["comprehensiveness"] == 3, p
assert p["provenance"]["scope"] == [1], p
# what every variant of a profile shares: once per profile, in declaration order
assert lib["profiles"] == [
    {"name": "t.base", "title": "Base", "doc": "The base.", "tags": ["alpha", "two words"], "rollup": "min", "evidence": "claimed"},
    {"name": "t.child", "title": "Child", "doc": None, "tags": [], "rollup": "min", "evidence": "claimed"}], lib["profiles"]
assert all("doc" not in x and "title" not in x for x in lib["targets"])
assert [p["name"] for p in base["profiles"]] == ["t.base"], base["profiles"]
# --profile t.base: t.child's settings are not referred to, so not listed
assert len(base["targets"]) == 1
assert [e.get("profile") for e in base["settings"]] == [None, "t.base", "t.base"], base["settings"]
assert [e["node"] for e in base["requirements"]] == ["governance"] and base["targets"][0]["requirements"] == [0]
assert [e["id"] for e in base["considerations"]] == ["t.model"]
# winner: chains of one entry; the overridden governance body setting of
# t.base is still listed (it is the winner where the child sets nothing)
for p in win["targets"][0]["practices"]:
    for a in ("comprehensiveness", "scope"):
        assert len(p["provenance"][a]) == 1, p
PY
if [ "$(xmllint --xpath 'string(/smm-ir/profile[@name="t.base"]/doc)' "$tmp/lib.xml")" = "The base." ] &&
   [ "$(xmllint --xpath 'count(/smm-ir/profile[@name="t.base"]/tag)' "$tmp/lib.xml")" = 2 ] &&
   [ "$(xmllint --xpath 'count(/smm-ir/profile)' "$tmp/lib.xml")" = 2 ] &&
   [ "$(xmllint --xpath 'count(/smm-ir/target/doc)' "$tmp/lib.xml")" = 0 ] &&
   [ "$(xmllint --xpath 'string(/smm-ir/setting[4]/@sector)' "$tmp/lib.xml")" = energy ] &&
   [ "$(xmllint --xpath 'string(/smm-ir/requirement[3]/@id)' "$tmp/lib.xml")" = r2 ] &&
   [ "$(xmllint --xpath 'string(/smm-ir/consideration[2]/@key)' "$tmp/lib.xml")" = c1 ] &&
   [ "$(xmllint --xpath 'string(/smm-ir/consideration[2]/@id)' "$tmp/lib.xml")" = t.plc ]; then ok
else bad "small library, xml: doc, tags, the sector setting or the tables"; fi
want=$(xmllint --xpath 'string(/smm-ir/target[@profile="t.child" and @sector="energy"]/@requirements)' "$tmp/lib.xml")
[ "$want" = "r1 r2 r0" ] && ok || bad "small library, xml: requirements '$want', expected 'r1 r2 r0'"
want=$(xmllint --xpath 'string(/smm-ir/target[@profile="t.child" and @system="plc"]/@considerations)' "$tmp/lib.xml")
[ "$want" = "c1 c0" ] && ok || bad "small library, xml: considerations '$want', expected 'c1 c0'"
want=$(xmllint --xpath 'string(/smm-ir/target[@profile="t.child" and @sector="energy"]/practice[@id="risk_attitude"]/provenance[@attribute="comprehensiveness"]/@settings)' "$tmp/lib.xml")
[ "$want" = "s3 s1" ] && ok || bad "small library, xml: chain '$want', expected 's3 s1'"

# ---------------------------------------------------------------- 3. the validators refuse
python3 - "$tmp" <<'PY'
import json, sys
tmp = sys.argv[1]
d = json.load(open(tmp + "/lib.json"))
d["targets"][0]["practices"][0]["provenance"]["scope"] = [len(d["settings"])]
json.dump(d, open(tmp + "/bad-index.json", "w"))
d = json.load(open(tmp + "/lib.json"))
d["settings"].append(d["settings"][1])
json.dump(d, open(tmp + "/bad-unused.json", "w"))
d = json.load(open(tmp + "/lib.json"))
d["smm_ir"] = 1
json.dump(d, open(tmp + "/bad-version.json", "w"))
d = json.load(open(tmp + "/lib.json"))
d["targets"][0]["requirements"].append(len(d["requirements"]))
json.dump(d, open(tmp + "/bad-req-index.json", "w"))
d = json.load(open(tmp + "/lib.json"))
for t in d["targets"]:
    t["considerations"] = [i for i in t["considerations"] if i != 1]
json.dump(d, open(tmp + "/bad-cons-unused.json", "w"))
d = json.load(open(tmp + "/lib.json"))
d["targets"][0]["requirements"] = [d["requirements"][0]]
json.dump(d, open(tmp + "/bad-req-inline.json", "w"))
d = json.load(open(tmp + "/lib.json"))
d["profiles"] = d["profiles"][:1]
json.dump(d, open(tmp + "/bad-profile-missing.json", "w"))
PY
for b in bad-index bad-unused bad-version bad-req-index bad-cons-unused bad-req-inline bad-profile-missing; do
    if ajv_validate --smm-ir "$jschema" "$tmp/$b.json" >/dev/null 2>&1; then bad "$b.json passes the JSON validation"; else ok; fi
done
sed 's/settings="s3 s1"/settings="s3 s99"/' "$tmp/lib.xml" >"$tmp/bad-idref.xml"
if xmllint --noout --relaxng "$rng" "$tmp/bad-idref.xml" >/dev/null 2>&1; then bad "an unknown idref passes smm-ir.rng"; else ok; fi
sed 's/requirements="r1 r2 r0"/requirements="r1 r9 r0"/' "$tmp/lib.xml" >"$tmp/bad-req-idref.xml"
if cmp -s "$tmp/lib.xml" "$tmp/bad-req-idref.xml"; then bad "bad-req-idref.xml: nothing replaced"
elif xmllint --noout --relaxng "$rng" "$tmp/bad-req-idref.xml" >/dev/null 2>&1; then bad "an unknown requirement idref passes smm-ir.rng"; else ok; fi
finish
