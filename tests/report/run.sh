#!/usr/bin/env bash
# `smmc report` end to end (docs/reports.md): every output format on a
# fixture with known gaps (tests/report/fixture.smm; its header lists the
# expected class of every practice), checked for structure rather than
# bytes:
#
#   - every SVG well-formed (xmllint), every chart titled and described;
#   - the HTML well-formed XML, accepted by xmllint's HTML parser (which
#     only knows HTML4: unknown HTML5/SVG tag names are the one error it may
#     report), self-contained (no script, no network), each practice id an
#     anchor, four charts with role="img" and aria-labelledby;
#   - heat-map cells classed gap-green/-yellow/-red/-na per the fixture, bar
#     fills and radar marker shapes for every scope, the history regression;
#   - Markdown: the table header, escaping, the roadmap steps in order, the
#     evidence per practice (folded), escaped for a comment;
#   - determinism (two runs, identical bytes), atomicity (a failed run
#     leaves an existing report untouched), usage errors;
#   - a model larger than iic.smm with long titles (tests/report/big.smm);
#   - Chromium renders the page to a PNG that is not blank and shows the
#     heat-map colours.  A missing Chromium is a failure: CI installs it
#     (scripts/install-deps --browser);
#   - the W3C Nu HTML checker (npm vnu-jar, installed on first use into
#     build/npm; Java from scripts/install-deps --browser) finds no error
#     and no warning in the HTML and SVG of the fixture, the larger model
#     and the hostile text, and rejects a deliberately broken page.
#
# Prints "FAIL report: …" per failed check and a last line
# "report: N passed, M failed"; exits 1 on any failure.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
SMMC=${SMMC:-$root/build/smmc}
cd "$root" || exit 2
pass=0 fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL report: $*"; }
check() { # description command...
    local what=$1
    shift
    if "$@"; then ok; else bad "$what"; fi
}

R() { $SMMC report --stdlib stdlib --today 2026-10-01 "$@"; }
fixture=tests/report/fixture.smm
practices="program_management compliance_management threat_modeling risk_attitude supply_chain_risk
third_party_dependencies identities access_control asset_change_config physical_protection
data_security_policy data_protection_controls vulnerability_assessment patch_management security_audit
information_sharing event_detection_response remediation_recovery"

# ---------------------------------------------------------------- generate
R -o "$tmp/report.html" $fixture 2>"$tmp/err.html"; rc=$?
check "html: exit 0 (got $rc): $(head -3 "$tmp/err.html")" test $rc -eq 0
R -o "$tmp/report.md" $fixture 2>"$tmp/err.md"; rc=$?
check "markdown: exit 0 (got $rc)" test $rc -eq 0
R -o "$tmp/charts" $fixture 2>"$tmp/err.svg"; rc=$?
check "svg: exit 0 (got $rc)" test $rc -eq 0
check "report prints nothing on a clean run" test ! -s "$tmp/err.html"

# ---------------------------------------------------------------- SVG
for c in heatmap bars radar history; do
    f=$tmp/charts/$c.svg
    if [ ! -f "$f" ]; then bad "svg: $c.svg not written"; continue; fi
    check "svg: $c.svg is well-formed" xmllint --noout "$f"
    check "svg: $c.svg has <title> and <desc> named by aria-labelledby" \
        grep -q "aria-labelledby=\"smm.$c.title smm.$c.desc\"" "$f"
    check "svg: $c.svg has role=img" grep -q 'role="img"' "$f"
    n=$(xmllint --xpath "count(//*[local-name()='title' and @id='smm.$c.title'] | //*[local-name()='desc' and @id='smm.$c.desc'])" "$f" 2>/dev/null)
    check "svg: $c.svg title and desc elements ($n)" test "$n" = 2
    for p in $practices; do
        grep -q "data-practice=\"$p\"" "$f" || { bad "svg: $c.svg lacks practice $p"; continue; }
        ok
    done
done

# heat map: the class of each axis per the fixture's table (comp scope)
declare -A want=(
    [program_management]="green green" [compliance_management]="yellow green"
    [threat_modeling]="red yellow" [risk_attitude]="yellow green"
    [supply_chain_risk]="green green" [third_party_dependencies]="na na"
    [identities]="green green" [access_control]="red green"
    [asset_change_config]="yellow green" [physical_protection]="green green"
    [data_security_policy]="green green" [data_protection_controls]="red red"
    [vulnerability_assessment]="green green" [patch_management]="green yellow"
    [security_audit]="yellow green" [information_sharing]="green green"
    [event_detection_response]="green green" [remediation_recovery]="red green"
)
heat=$tmp/charts/heatmap.svg
cell_class() { # practice axis
    xmllint --xpath "string(//*[@data-practice='$1']/*[contains(concat(' ', @class, ' '), ' $2 ')]/@class)" "$heat" 2>/dev/null
}
cell_text() { # practice axis
    xmllint --xpath "string(//*[@data-practice='$1']/*[contains(concat(' ', @class, ' '), ' $2 ')]/*[local-name()='text'])" "$heat" 2>/dev/null
}
for p in $practices; do
    set -- ${want[$p]}
    got_c=$(cell_class "$p" comp) got_s=$(cell_class "$p" scope)
    check "heatmap: $p comprehensiveness cell '$got_c' should be gap-$1" test "$got_c" = "cell comp gap-$1"
    check "heatmap: $p scope cell '$got_s' should be gap-$2" test "$got_s" = "cell scope gap-$2"
done
check "heatmap: data_protection_controls prints its gap 3" test "$(cell_text data_protection_controls comp)" = 3
check "heatmap: threat_modeling prints scope gap 1" test "$(cell_text threat_modeling scope)" = 1
check "heatmap: over-target prints a negative gap" test "$(cell_text supply_chain_risk comp)" = "−1"
check "heatmap: n/a cell prints n/a" test "$(cell_text third_party_dependencies comp)" = "n/a"
check "heatmap: n/a cells are hatched" grep -q 'fill="url(#smm.heatmap.na)"' "$heat"
check "heatmap: legend for every class" \
    bash -c "grep -q 'legend gap-green' '$heat' && grep -q 'legend gap-yellow' '$heat' && grep -q 'legend gap-red' '$heat' && grep -q 'legend gap-na' '$heat'"
check "heatmap: a not-assessed cell is drawn dashed" \
    test -n "$(xmllint --xpath "//*[@data-practice='access_control']/*[contains(@class,'comp')]/*[local-name()='rect'][@stroke-dasharray]" "$heat" 2>/dev/null)"

# bars: fill per scope (general empty, industry hatched, system filled)
bars=$tmp/charts/bars.svg
bar_fill() { # practice series
    xmllint --xpath "string(//*[@data-practice='$1']/*[contains(@class,'bar $2 ')]/@fill)" "$bars" 2>/dev/null
}
bar_class() {
    xmllint --xpath "string(//*[@data-practice='$1']/*[contains(@class,'bar $2 ')]/@class)" "$bars" 2>/dev/null
}
check "bars: general scope is an empty bar" test "$(bar_fill identities current)" = "#ffffff"
check "bars: industry scope is hatched" test "$(bar_fill program_management current)" = "url(#smm.bars.hatch-current)"
check "bars: system scope is filled" bash -c "f='$(bar_fill vulnerability_assessment current)'; [ -n \"\$f\" ] && [ \"\$f\" != '#ffffff' ] && [ \"\${f#url}\" = \"\$f\" ]"
check "bars: target bar class names its scope" test "$(bar_class data_protection_controls target)" = "bar target scope-system"
check "bars: a not-assessed practice has no current bar" test -z "$(bar_class access_control current)"
check "bars: hatch patterns defined" bash -c "grep -q 'id=\"smm.bars.hatch-target\"' '$bars' && grep -q 'id=\"smm.bars.hatch-current\"' '$bars'"
check "bars: roll-up bars for domains and dimensions" grep -q 'bar rollup target' "$bars"
check "bars: scope legend" bash -c "grep -q 'legend scope-general' '$bars' && grep -q 'legend scope-industry' '$bars' && grep -q 'legend scope-system' '$bars'"

# radar: marker shape per scope
radar=$tmp/charts/radar.svg
marker_el() { # practice series
    xmllint --xpath "local-name(//*[@data-practice='$1']/*[contains(@class,'marker $2 ')])" "$radar" 2>/dev/null
}
check "radar: general scope is a circle" test "$(marker_el identities current)" = circle
check "radar: industry scope is a triangle" test "$(marker_el program_management current)" = polygon
check "radar: system scope is a square" test "$(marker_el supply_chain_risk current)" = rect
check "radar: target and current polygons" bash -c "grep -q 'class=\"series target\"' '$radar' && grep -q 'class=\"series current\"' '$radar'"
check "radar: the gap is named at the label" \
    test "$(xmllint --xpath "string(//*[@data-practice='data_protection_controls']//*[contains(@class,'state')])" "$radar" 2>/dev/null)" = "✗ gap 3"

# history: three columns, one regression (risk_attitude, in the latest one)
hist=$tmp/charts/history.svg
n=$(xmllint --xpath "count(//*[@data-assessment])" "$hist" 2>/dev/null)
check "history: three assessments ($n)" test "$n" = 3
n=$(xmllint --xpath "count(//*[contains(concat(' ', @class, ' '), ' point regression ')])" "$hist" 2>/dev/null)
check "history: exactly one regression marked ($n)" test "$n" = 1
check "history: the regression is risk_attitude" \
    test -n "$(xmllint --xpath "//*[@data-practice='risk_attitude']//*[contains(@class,'step regression')]" "$hist" 2>/dev/null)"

# ---------------------------------------------------------------- HTML
html=$tmp/report.html
check "html: well-formed (XHTML-compatible)" xmllint --noout "$html"
xmllint --html --noout "$html" 2>"$tmp/html.err"
other=$(grep -E 'error|warning' "$tmp/html.err" |
        grep -vE 'Tag (header|nav|main|section|figure|figcaption|footer|bdi|svg|g|defs|pattern|rect|line|text|circle|polygon|path|title|desc) invalid' || true)
check "html: xmllint --html reports nothing but HTML5/SVG tag names: $other" test -z "$other"
check "html: starts with <!DOCTYPE html>" test "$(head -1 "$html")" = "<!DOCTYPE html>"
for p in $practices; do
    check "html: practice $p is an anchor" grep -q "<tr class=\"practice [^\"]*\" id=\"$p\">" "$html"
done
n=$(grep -c '<svg xmlns="http://www.w3.org/2000/svg" id="smm\.[a-z]*" class="smm-chart[^"]*" role="img" aria-labelledby=' "$html")
check "html: four inline charts with role=img and aria-labelledby ($n)" test "$n" = 4
check "html: no script" bash -c "! grep -qi '<script' '$html'"
check "html: nothing fetched from the network" \
    bash -c "! grep -Eqi '(src|href)=\"(https?:)?//|@import|url\\((https?:)?//' '$html'"
check "html: print rules with page breaks" bash -c "grep -q '@media print' '$html' && grep -q 'break-before:page' '$html'"
check "html: a system font stack" grep -q 'font:15px/1.5 system-ui' "$html"
check "html: text is escaped" grep -q 'Gateway, third review &lt;Q3&gt; &amp; "quotes"' "$html"
check "html: summary cells carry gap classes" \
    grep -q '<td class="num gap gap-red">3</td>' "$html"
check "html: roadmap and history sections" \
    bash -c "grep -q 'id=\"smm.roadmap\"' '$html' && grep -q 'id=\"smm.history.section\"' '$html'"
steps=$(grep -o '<li class="step [^"]*" id="smm.step.[a-z_]*"' "$html" | sed 's/.*smm\.step\.//; s/"$//' | tr '\n' ' ')
roadmap="data_protection_controls threat_modeling remediation_recovery compliance_management risk_attitude patch_management security_audit asset_change_config "
check "html: roadmap order '$steps'" test "$steps" = "$roadmap"

# evidence behind each rating: the summary table and the roadmap
ev() { # practice -> the text of its evidence cell
    xmllint --xpath "string(//*[local-name()='tr'][@id='$1']/*[local-name()='td'][@class='evidence'])" "$html" 2>/dev/null | tr -s ' \n' ' '
}
check "html: an evidence column" grep -q '<th scope="col">Evidence</th>' "$html"
check "html: program_management's evidence ($(ev program_management))" bash -c "[[ '$(ev program_management)' == *'Program charter'* ]]"
check "html: threat_modeling's evidence names the level line's and the met consideration's" \
    bash -c "[[ '$(ev threat_modeling)' == *'Asset list'* && '$(ev threat_modeling)' == *'tm.attack_surface met: Interface list'* ]]"
check "html: a practice without evidence says so" bash -c "[[ '$(ev compliance_management)' == *'none recorded'* ]]"
check "html: a not-applicable practice gives its reason" bash -c "[[ '$(ev third_party_dependencies)' == *'no third parties in the fixture'* ]]"
step_ev=$(xmllint --xpath "string(//*[@id='smm.step.threat_modeling']/*[@class='evidence'])" "$html" 2>/dev/null | tr -s ' \n' ' ')
check "html: the roadmap step shows the evidence behind the current level ($step_ev)" \
    bash -c "[[ '$step_ev' == *'Evidence for the current 1 general'* && '$step_ev' == *'Asset list'* ]]"

# the heat map is a compact picture, not the table again
hh=$(xmllint --xpath 'string(/*/@height)' "$heat")
check "heatmap: fits one screen (height $hh <= 800)" test "${hh%.*}" -le 800
check "heatmap: no table columns (Target, Current, Status)" bash -c "! grep -Eq '>(Target|Current|Status)<' '$heat'"
for p in $practices; do
    n=$(xmllint --xpath "count(//*[@data-practice='$p']/*[starts-with(@class, 'cell ')])" "$heat" 2>/dev/null)
    [ "$n" = 2 ] && ok || bad "heatmap: $p has $n cells, not 2"
done
n=$(xmllint --xpath "count(//*[local-name()='g'][@class='domain'])" "$heat" 2>/dev/null)
check "heatmap: practices grouped in 9 domain boxes ($n)" test "$n" = 9

# a not-applicable practice in the bar chart: the words n/a, no bar
na_rects=$(xmllint --xpath "count(//*[@data-practice='third_party_dependencies']/*[local-name()='rect'])" "$bars" 2>/dev/null)
check "bars: n/a practice has no bar ($na_rects rects)" test "$na_rects" = 0
check "bars: n/a practice is drawn as n/a" \
    test "$(xmllint --xpath "string(//*[@data-practice='third_party_dependencies']/*[@class='na'])" "$bars" 2>/dev/null)" = "n/a"

# user-written text with a bidi override (Trojan Source) and CR line ends:
# every U+202E isolated (<bdi> in HTML, U+2068...U+2069 in SVG and
# Markdown), no CR (&#13;) in any output
printf 'import iic.smm\nimport profiles.baseline\n' >"$tmp/hostile.smm"
printf 'assessment hostile.q1 "Gateway \\u{202E}weiver driht" {\n  target iiot.baseline\n  date 2026-07-01\n' >>"$tmp/hostile.smm"
printf '  assessor "Ops \\u{202E}team"\n  identities = 2 general evidence """first line\r\nsecond line"""\n' >>"$tmp/hostile.smm"
printf '  access_control = 1 general evidence "bare\rreturn"\n' >>"$tmp/hostile.smm"
printf '  waive access_control because """reason\r\nover lines""" until 2027-01-01\n}\n' >>"$tmp/hostile.smm"
R -o "$tmp/hostile.html" "$tmp/hostile.smm" 2>"$tmp/hostile.err"; rc=$?
R -o "$tmp/hostile.md" "$tmp/hostile.smm" 2>/dev/null
R -o "$tmp/hostile" "$tmp/hostile.smm" 2>/dev/null
check "hostile text: report exits 0 (got $rc): $(grep -v warning "$tmp/hostile.err" | head -2)" test $rc -eq 0
check "hostile text: the input holds CR and U+202E" bash -c "grep -q \$'\\r' '$tmp/hostile.smm' && grep -q 'u{202E}' '$tmp/hostile.smm'"
for f in "$tmp/hostile.html" "$tmp/hostile.md" "$tmp"/hostile/*.svg; do
    check "hostile text: no CR in $(basename "$f")" bash -c "! grep -q \$'\\r' '$f' && ! grep -q '&#13;' '$f'"
done
check "hostile text: the CR-separated evidence is on two lines" grep -q '^second line' "$tmp/hostile.html"
if python3 - "$tmp/hostile.html" "$tmp/hostile.md" "$tmp"/hostile/*.svg <<'PY'; then ok; else bad "hostile text: a U+202E is not isolated"; fi
import sys, xml.etree.ElementTree as ET
RLO, FSI, PDI = "\u202e", "\u2068", "\u2069"
def isolated_in_text(t):
    # every RLO lies between an FSI and its PDI
    depth = 0
    for ch in t:
        if ch == FSI: depth += 1
        elif ch == PDI: depth = max(0, depth - 1)
        elif ch == RLO and depth == 0: return False
    return True
bad = 0
for f in sys.argv[1:]:
    text = open(f, encoding="utf-8").read()
    assert RLO in text, f
    if f.endswith(".md"):
        bad += sum(not isolated_in_text(line) for line in text.splitlines())
        continue
    root = ET.fromstring(text.split("\n", 1)[1] if text.startswith("<!DOCTYPE") else text)
    def walk(el, inside):
        global bad
        tag = el.tag.split("}")[-1]
        inside = inside or tag == "bdi" or el.get("dir") == "auto"
        for t in (el.text, ):
            if t and RLO in t and not inside and not isolated_in_text(t):
                print("not isolated in %s <%s>: %r" % (f, tag, t)); bad += 1
        for child in el:
            walk(child, inside)
            if child.tail and RLO in child.tail and not inside and not isolated_in_text(child.tail):
                print("not isolated in %s after <%s>: %r" % (f, child.tag, child.tail)); bad += 1
    walk(root, False)
sys.exit(1 if bad else 0)
PY
sub=$(xmllint --xpath "string((//*[local-name()='text'])[2])" "$tmp/hostile/heatmap.svg" 2>/dev/null)
check "hostile text: the SVG heading isolates the title, date and target stay outside" \
    bash -c "[[ '$sub' == $'\u2068'*$'\u2069'', 2026-07-01 — target iiot.baseline' ]]"

# ---------------------------------------------------------------- Markdown
md=$tmp/report.md
check "markdown: table header" grep -qx '| Practice | Target | Current | Gap compr. | Gap scope | Status |' "$md"
for p in $practices; do
    check "markdown: a row for $p" grep -q "(\`$p\`) |" "$md"
done
steps=$(grep -E '^[0-9]+\. \*\*' "$md" | sed -E 's/^[^`]*`([a-z_]+)`.*/\1/' | tr '\n' ' ')
check "markdown: roadmap order '$steps'" test "$steps" = "$roadmap"
check "markdown: the next level's objective and unmet considerations" \
    bash -c "grep -q '   - Level 2 objective: ' '$md' && grep -q '\`rpt.fixture_threats\`' '$md'"
check "markdown: a met consideration is not listed in the roadmap" bash -c "! sed -n '/^### Roadmap/,\$p' '$md' | grep -q 'tm.attack_surface'"
check "markdown: considerations of other levels are not listed" bash -c "! grep -q 'tm.method' '$md'"
check "markdown: not-assessed practices listed apart" grep -q '^- Access Control (`access_control`) — target 2 general' "$md"
check "markdown: the regression" grep -q '▼ Risk Attitude (`risk_attitude`): 3 industry → 2 industry' "$md"
check "markdown: text is escaped" bash -c "grep -q 'Fixture team \\\\| pipes \\\\\\* stars' '$md' && grep -q '&lt;Q3&gt; &amp;' '$md'"
# contains FILE TEXT: TEXT (several lines) is in FILE as it stands
contains() { python3 -c 'import sys; sys.exit(sys.argv[2] not in open(sys.argv[1], encoding="utf-8").read())' "$1" "$2"; }
# the evidence behind each rating, folded: the fixture's evidence strings
# and met considerations under their practices, the n/a reason; practices
# without evidence left out
ev=$(sed -n '/^<details><summary>Evidence recorded for 4 of 18 practices<\/summary>$/,/^<\/details>$/p' "$md")
want_ev='- Threat Modeling (`threat_modeling`)
  - Asset list
  - `tm.attack_surface` met: Interface list'
check "markdown: evidence folded in <details>" test -n "$ev"
check "markdown: a practice's evidence and met considerations" contains "$md" "$want_ev"
check "markdown: the n/a reason with the evidence" \
    grep -qxF -- '- Third-Party Dependencies Management (`third_party_dependencies`): not applicable: no third parties in the fixture' "$md"
check "markdown: no practice without evidence in the evidence list" bash -c "! grep -q 'access_control' <<<'$ev'"
# evidence text that would be markup in a comment stays text
cat >"$tmp/gfm.smm" <<'EOF'
import iic.smm
import profiles.baseline

assessment gfm.q1 "GFM" {
  target iiot.baseline
  date 2026-07-01
  identities = 2 general evidence "- dash" evidence "1. one" evidence "  2) two" evidence "= under"
  access_control = 1 general evidence "a | pipe `tick` <script>x</script>" evidence "line\nbreak # *star* [l](u) & ~"
}
EOF
R --format markdown -o "$tmp/gfm.md" "$tmp/gfm.smm" 2>/dev/null
want_gfm='- Establishing and Maintaining Identities (`identities`)
  - \- dash
  - 1\. one
  - 2\) two
  - \= under
- Access Control (`access_control`)
  - a \| pipe \`tick\` &lt;script&gt;x&lt;/script&gt;
  - line break \# \*star\* \[l\](u) &amp; \~'
check "markdown: evidence escaped for a comment (lists, pipes, code, HTML, line breaks)" \
    contains "$tmp/gfm.md" "$want_gfm"
bad_rows=$(grep '^| ' "$md" | sed 's/\\|//g' | awk -F'|' 'NF != 8' | head -3)
check "markdown: every table row has six cells: $bad_rows" test -z "$bad_rows"

# ---------------------------------------------------------------- determinism
R -o "$tmp/again.html" $fixture 2>/dev/null
R -o "$tmp/again.md" $fixture 2>/dev/null
R -o "$tmp/again" $fixture 2>/dev/null
check "determinism: html" cmp -s "$html" "$tmp/again.html"
check "determinism: markdown" cmp -s "$md" "$tmp/again.md"
for c in heatmap bars radar history; do
    check "determinism: $c.svg" cmp -s "$tmp/charts/$c.svg" "$tmp/again/$c.svg"
done

# ---------------------------------------------------------------- atomicity and errors
printf 'assessment broken {\n  target nowhere\n  date 2026-13-45\n' > "$tmp/broken.smm"
mkdir -p "$tmp/keep"
echo sentinel > "$tmp/keep/report.html"
R -o "$tmp/keep/report.html" "$tmp/broken.smm" 2>"$tmp/err"; rc=$?
check "errors: compile errors exit 1 (got $rc)" test $rc -eq 1
check "errors: the diagnostics are printed" grep -q 'error:' "$tmp/err"
check "atomicity: a failed run leaves the old report" test "$(cat "$tmp/keep/report.html")" = sentinel
check "atomicity: no temporary file left" test "$(ls -A "$tmp/keep")" = report.html
cp "$tmp/charts/heatmap.svg" "$tmp/keep.svg"
R -o "$tmp/charts" "$tmp/broken.smm" 2>/dev/null
check "atomicity: a failed svg run leaves the charts" cmp -s "$tmp/charts/heatmap.svg" "$tmp/keep.svg"
R "$fixture" 2>"$tmp/err"; rc=$?
check "usage: -o is required (exit $rc)" bash -c "[ $rc -eq 2 ] && grep -q -- '-o PATH is required' '$tmp/err'"
R -o "$tmp/x.pdf" "$fixture" 2>"$tmp/err"; rc=$?
check "usage: an unknown extension is a usage error (exit $rc)" bash -c "[ $rc -eq 2 ] && grep -q 'cannot infer the format' '$tmp/err'"
R --format pdf -o "$tmp/x.html" "$fixture" 2>"$tmp/err"; rc=$?
check "usage: --format is checked (exit $rc)" bash -c "[ $rc -eq 2 ] && grep -q 'expected html, svg, markdown or oscal-poam' '$tmp/err'"
R --format svg -o - "$fixture" 2>/dev/null; rc=$?
check "usage: svg needs a directory (exit $rc)" test $rc -eq 2
R --format markdown -o - "$fixture" >"$tmp/stdout.md" 2>/dev/null; rc=$?
check "markdown to stdout with --format (exit $rc)" bash -c "[ $rc -eq 0 ] && cmp -s '$tmp/stdout.md' '$md'"
R -o "$tmp/amb.html" "$fixture" tests/spec/assessment.smm -I tests/spec 2>"$tmp/err"; rc=$?
check "usage: several targets need --assessment (exit $rc)" \
    bash -c "[ $rc -eq 2 ] && grep -q 'fixture.gateway.q3' '$tmp/err' && grep -q 'acme.base_station.q3_2026' '$tmp/err' && [ ! -e '$tmp/amb.html' ]"
R -o "$tmp/one.md" --assessment acme.base_station.q3_2026 "$fixture" tests/spec/assessment.smm 2>/dev/null; rc=$?
check "--assessment picks one (exit $rc)" bash -c "[ $rc -eq 0 ] && grep -q 'acme.base_station.q3_2026' '$tmp/one.md'"
R -o "$tmp/q2" --assessment fixture.gateway.q2 "$fixture" 2>/dev/null; rc=$?
n=$(xmllint --xpath "count(//*[@data-assessment])" "$tmp/q2/history.svg" 2>/dev/null)
check "--assessment of an earlier one: history up to it ($rc, $n)" bash -c "[ $rc -eq 0 ] && [ '$n' = 2 ]"
R -o "$tmp/none.html" --assessment fixture.gateway.q9 "$fixture" 2>"$tmp/err"; rc=$?
check "usage: an unknown --assessment (exit $rc)" bash -c "[ $rc -eq 2 ] && grep -q \"did you mean 'fixture.gateway.q\" '$tmp/err'"
R -o "$tmp/single" tests/spec/assessment.smm -I tests/spec 2>/dev/null
check "svg: no history.svg without a history" bash -c "[ -f '$tmp/single/heatmap.svg' ] && [ ! -e '$tmp/single/history.svg' ]"

# ---------------------------------------------------------------- a larger model
R -o "$tmp/big" tests/report/big.smm 2>"$tmp/err"; rc=$?
check "big model: exit 0 (got $rc)" test $rc -eq 0
R -o "$tmp/big.html" tests/report/big.smm 2>/dev/null
nbig=$(grep -c '^      practice ' tests/report/big.smm)
for c in heatmap bars radar; do
    check "big model: $c.svg well-formed" xmllint --noout "$tmp/big/$c.svg"
    n=$(xmllint --xpath "count(//*[@data-practice])" "$tmp/big/$c.svg" 2>/dev/null)
    check "big model: $c.svg has all $nbig practices ($n)" test "$n" = "$nbig"
    check "big model: $c.svg keeps a long title whole in a tooltip" \
        grep -q '<title>Practice 5 with an extraordinarily long title that goes on and on past any reasonable label width' "$tmp/big/$c.svg"
done
check "big model: a long title is shortened on the chart" grep -q '…</text>' "$tmp/big/radar.svg"
w18=$(xmllint --xpath 'string(/*/@height)' "$tmp/charts/heatmap.svg")
wbig=$(xmllint --xpath 'string(/*/@height)' "$tmp/big/heatmap.svg")
check "big model: the heat map grows with the model ($w18 < $wbig)" test "${w18%.*}" -lt "${wbig%.*}"
check "big model: html well-formed" xmllint --noout "$tmp/big.html"

# ---------------------------------------------------------------- Chromium
# PNG -> binary PPM: ImageMagick when present, else Python's standard library
# (zlib and the five PNG row filters; 8-bit RGB/RGBA, not interlaced, which
# is what Chromium writes).
png_to_ppm() { # in.png out.ppm
    convert "$1" ppm:- >"$2" 2>/dev/null && [ -s "$2" ] && return 0
    command -v python3 >/dev/null || return 1
    python3 - "$1" "$2" <<'PY'
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n"
pos, idat, w = 8, b"", 0
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if kind == b"IHDR":
        w, h, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
        assert depth == 8 and ctype in (2, 6) and interlace == 0
        bpp = 3 if ctype == 2 else 4
    elif kind == b"IDAT":
        idat += body
    pos += 12 + n
raw, stride, prev, out = zlib.decompress(idat), w * bpp, bytearray(w * bpp), bytearray()
for y in range(h):
    f, row = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for i in range(stride):
        a = row[i - bpp] if i >= bpp else 0
        b, c = prev[i], prev[i - bpp] if i >= bpp else 0
        if f == 1: row[i] = (row[i] + a) & 255
        elif f == 2: row[i] = (row[i] + b) & 255
        elif f == 3: row[i] = (row[i] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            row[i] = (row[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    out += row if bpp == 3 else bytes(v for k, v in enumerate(row) if k % 4 != 3)
    prev = row
open(sys.argv[2], "wb").write(b"P6\n%d %d\n255\n" % (w, h) + bytes(out))
PY
}

browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [ -z "$browser" ]; then
    bad "chromium is not installed (scripts/install-deps --browser): cannot render the HTML report"
else
    profile=$(mktemp -d)
    timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$profile" --window-size=1280,2400 --screenshot="$tmp/report.png" \
        "file://$html" >"$tmp/chromium.log" 2>&1
    rm -rf "$profile"
    if [ ! -s "$tmp/report.png" ]; then
        bad "chromium wrote no screenshot: $(tail -3 "$tmp/chromium.log")"
    else
        size=$(wc -c <"$tmp/report.png")
        check "chromium: the screenshot is not trivially small ($size bytes)" test "$size" -gt 40000
        if png_to_ppm "$tmp/report.png" "$tmp/report.ppm" && [ -s "$tmp/report.ppm" ]; then
            total=$(wc -c <"$tmp/report.ppm")
            # bytes that are not pure white: text, rules, charts
            ink=$(LC_ALL=C tr -d '\377' <"$tmp/report.ppm" | wc -c)
            check "chromium: the page is not blank ($ink of $total bytes inked)" test $((ink * 100 / total)) -ge 5
            # the heat-map colours are on the page (summary cells, solid pixels)
            for rgb in '\x9f\xd8\xac:green' '\xff\xdf\x7e:yellow' '\xf2\x91\x8a:red'; do
                pat=${rgb%%:*}
                check "chromium: ${rgb##*:} gap cells are rendered" \
                    bash -c "LC_ALL=C grep -c -a -P '$pat' '$tmp/report.ppm' >/dev/null"
            done
        else
            bad "cannot decode the PNG (needs ImageMagick's convert or python3)"
        fi
    fi
fi

# ---------------------------------------------------------------- W3C Nu checker
npmdir=$root/build/npm
vnu=$npmdir/node_modules/vnu-jar/build/dist/vnu.jar
if [ ! -f "$vnu" ] && command -v npm >/dev/null; then
    mkdir -p "$npmdir"
    npm install --prefix "$npmdir" --no-audit --no-fund vnu-jar >"$tmp/vnu-install.log" 2>&1 ||
        { bad "npm install vnu-jar failed: $(tail -3 "$tmp/vnu-install.log")"; }
fi
if ! command -v java >/dev/null; then
    bad "java is not installed (scripts/install-deps --browser): cannot run the W3C Nu HTML checker"
elif [ ! -f "$vnu" ]; then
    bad "no vnu.jar in $npmdir (npm install vnu-jar)"
else
    R -o "$tmp/big.html" tests/report/big.smm 2>/dev/null
    # one run for the pages, one for the charts (--svg); "info" lines are
    # advice (a trailing slash on void elements), not findings
    java -jar "$vnu" --Werror "$html" "$tmp/big.html" "$tmp/hostile.html" >"$tmp/vnu.log" 2>&1
    found=$(grep -v ': info: ' "$tmp/vnu.log" | head -5)
    check "vnu: the HTML pages have no error or warning: $found" test -z "$found"
    java -jar "$vnu" --Werror --svg "$tmp"/charts/*.svg "$tmp"/hostile/*.svg >"$tmp/vnu.log" 2>&1
    found=$(grep -v ': info: ' "$tmp/vnu.log" | head -5)
    check "vnu --svg: the charts have no error or warning: $found" test -z "$found"
    # the checker must reject a broken page, or it is not checking
    sed 's|<main>|<main><div><p>unclosed</main>|' "$html" >"$tmp/broken.html"
    if java -jar "$vnu" --errors-only "$tmp/broken.html" >/dev/null 2>&1; then bad "vnu accepted a broken page"; else ok; fi
fi

echo "report: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
