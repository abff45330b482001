#!/usr/bin/env bash
# End-to-end runs of the smmc CLI for what golden files cannot express:
# exit statuses, atomic output, help and usage errors, colour, selection,
# determinism, explain/diff/build/install.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
SMMC=${SMMC:-$root/build/smmc}
pass=0 fail=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
spec=$root/tests/spec
export SMM_STDLIB=$root/stdlib

t() { # name, expected exit, command...
    local name=$1 want=$2; shift 2
    "$@" >"$tmp/out" 2>"$tmp/err"
    local got=$?
    if [ "$got" -eq "$want" ]; then pass=$((pass + 1)); else
        fail=$((fail + 1)); echo "FAIL e2e: $name: exit $got, expected $want"; head -5 "$tmp/err" | sed 's/^/    /'
    fi
}
has() { # name, file, pattern
    if grep -qE -- "$3" "$2"; then pass=$((pass + 1)); else
        fail=$((fail + 1)); echo "FAIL e2e: $1: /$3/ not in $2"; head -5 "$2" | sed 's/^/    /'
    fi
}
ok() { if eval "$2"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL e2e: $1"; fi; }

# --- version, help, usage
t "version" 0 $SMMC --version;                  has "version text" "$tmp/out" '^smmc [0-9]+\.[0-9]+'
t "help" 0 $SMMC --help;                        has "help lists commands" "$tmp/out" 'compile.*check.*' 
for c in compile check report explain diff fmt build; do
    t "$c --help" 0 $SMMC $c --help;            has "$c --help has usage" "$tmp/out" "^usage: smmc $c"
    t "help $c" 0 $SMMC help $c
done
t "no command" 2 $SMMC
t "unknown command" 2 $SMMC compil x.smm;       has "command suggestion" "$tmp/err" "did you mean 'compile'"
t "unknown option" 2 $SMMC compile --bogus x.smm; has "unknown option named" "$tmp/err" "--bogus"
t "bad --emit" 2 $SMMC compile --emit jsn x.smm;  has "emit suggestion" "$tmp/err" "did you mean 'json'"
t "missing value" 2 $SMMC compile -o;            has "needs a value" "$tmp/err" "needs a value"
t "option for another command" 2 $SMMC compile --baseline b.json x.smm
t "no input" 2 $SMMC compile
t "bad --today" 2 $SMMC check --today 2026-02-30 x.smm

# --- inputs and exit statuses
t "missing file" 2 $SMMC compile missing.smm;   has "missing file message" "$tmp/err" "cannot read 'missing.smm'"
# standard input: read to its end, shown as <stdin>; unreadable (a directory) is an I/O error
t "stdin" 0 sh -c "printf 'import iic.smm\nprofile p \"P\" model iic.smm { governance = 2 }\n' | $SMMC compile --stdlib '$root/stdlib' --emit json -"
has "stdin ir" "$tmp/out" '"profile":"p","sector":null'
t "stdin error" 1 sh -c "printf 'profile\n' | $SMMC compile --emit none -"; has "stdin located" "$tmp/err" "^<stdin>:1:8: error: "
t "stdin directory" 2 sh -c "$SMMC compile --emit none - < /"; has "stdin directory message" "$tmp/err" "cannot read '<stdin>': Is a directory"
t "directory as input" 2 $SMMC compile "$tmp"
printf 'profile p "x" model nope {}\n' > "$tmp/bad.smm"
t "compile error" 1 $SMMC compile --emit none "$tmp/bad.smm"; has "located error" "$tmp/err" 'bad.smm:1:[0-9]+: error: '
t "valid" 0 $SMMC compile --emit none "$spec/profiles/medical.smm"
: > "$tmp/empty.smm"
t "empty file" 0 $SMMC compile --emit none "$tmp/empty.smm"

# --- output: stdout, -o, atomicity, determinism
t "xml to stdout" 0 $SMMC compile "$spec/profiles/medical.smm"; has "xml decl" "$tmp/out" '^<\?xml version="1.0"'
t "json to -o -" 0 $SMMC compile --emit json -o - "$spec/profiles/medical.smm"; has "json ir" "$tmp/out" '"smm_ir": 2'
t "json to file" 0 $SMMC compile --emit json -o "$tmp/ir.json" "$spec/profiles/medical.smm"
t "json again" 0 $SMMC compile --emit json -o "$tmp/ir2.json" "$spec/profiles/medical.smm"
ok "deterministic json" "cmp -s '$tmp/ir.json' '$tmp/ir2.json'"
ok "json parses" "python3 -m json.tool '$tmp/ir.json' >/dev/null"
. "$root/tests/lib/ajv.sh"
if ajv_setup "$root"; then
    ok "json valid against the schema" "ajv_validate --smm-ir '$root/stdlib/schema/smm-ir.schema.json' '$tmp/ir.json' >/dev/null"
else
    ok "no JSON Schema validator (tests/lib/ajv.sh)" false
fi
$SMMC compile -o "$tmp/a.xml" "$spec/profiles/medical.smm" 2>/dev/null
$SMMC compile -o "$tmp/b.xml" "$spec/profiles/medical.smm" 2>/dev/null
ok "deterministic xml" "cmp -s '$tmp/a.xml' '$tmp/b.xml'"
ok "xml well-formed" "xmllint --noout '$tmp/a.xml'"
ok "xml valid against the schema" "xmllint --noout --relaxng '$root/stdlib/schema/smm-ir.rng' '$tmp/a.xml' 2>/dev/null"
cp "$tmp/ir.json" "$tmp/keep.json"
t "failed run keeps old output" 1 $SMMC compile --emit json -o "$tmp/ir.json" "$tmp/bad.smm"
ok "old output untouched" "cmp -s '$tmp/ir.json' '$tmp/keep.json'"
ok "no temp files left" "[ -z \"\$(ls -A '$tmp' | grep '^\.')\" ]"
t "unwritable output" 2 $SMMC compile -o /nonexistent/dir/out.xml "$spec/profiles/medical.smm"
t "--emit none writes nothing" 0 $SMMC compile --emit none "$spec/profiles/medical.smm"
ok "--emit none stdout empty" "[ ! -s '$tmp/out' ]"

# --- selection and provenance
t "select variant" 0 $SMMC compile --emit json --profile healthcare.medical_device --system handheld "$spec/profiles/medical.smm"
ok "one target selected" "[ \$(grep -o '\"profile\":\"healthcare.medical_device\",\"sector\"' '$tmp/out' | wc -l) -eq 1 ]"
t "unknown profile" 1 $SMMC compile --emit json --profile healthcare.medical_devise "$spec/profiles/medical.smm"
has "profile suggestion" "$tmp/err" "did you mean 'healthcare.medical_device'"
t "unknown system" 1 $SMMC compile --emit json --profile healthcare.medical_device --system handhold "$spec/profiles/medical.smm"
has "system suggestion" "$tmp/err" "did you mean 'handheld'"
t "winner provenance" 0 $SMMC compile --emit json --provenance winner --profile iiot.baseline "$spec/profiles/medical.smm"
ok "winner has one origin per attribute" "! grep -q '},{\"file\"' '$tmp/out'"

# --- colour
printf 'profile p model nope {}\n' > "$tmp/c.smm"
t "color always" 1 $SMMC compile --color always --emit none "$tmp/c.smm"; has "ansi escapes" "$tmp/err" $'\033\\['
t "color never" 1 $SMMC compile --color never --emit none "$tmp/c.smm"
ok "no escapes with never" "! grep -q $'\033' '$tmp/err'"
NO_COLOR=1 $SMMC compile --emit none "$tmp/c.smm" 2>"$tmp/err"
ok "NO_COLOR honoured" "! grep -q $'\033' '$tmp/err'"

# --- -W and -fmax-errors on compile diagnostics
printf 'import iic.smm\nprofile p model iic.smm { governance = 1\n governance = 2 }\n' > "$tmp/w.smm"
t "warning exits 0" 0 $SMMC compile --emit none "$tmp/w.smm";      has "shadowed warning" "$tmp/err" 'warning: .*\[shadowed-setting\]'
t "-Werror" 1 $SMMC compile --emit none -Werror "$tmp/w.smm"
t "-Werror=name" 1 $SMMC compile --emit none -Werror=shadowed-setting "$tmp/w.smm"
t "-Wno-name" 0 $SMMC compile --emit none -Wno-shadowed-setting "$tmp/w.smm"
ok "-Wno silences" "! grep -q shadowed '$tmp/err'"
t "-W unknown name" 0 $SMMC compile --emit none -Wno-shadowd-setting "$tmp/w.smm"; has "unknown -W reported" "$tmp/err" "unknown diagnostic"
for i in $(seq 1 20); do printf 'profile p%d model nope {}\n' "$i"; done > "$tmp/many.smm"
t "-fmax-errors" 1 $SMMC compile --emit none -fmax-errors=3 "$tmp/many.smm"
ok "stops after 3" "[ \$(grep -c 'error:' '$tmp/err') -eq 3 ]";   has "says it stopped" "$tmp/err" "too many errors"

# --- imports: a symbolic link loop is named as such
mkdir -p "$tmp/lp"; ln -s self.smm "$tmp/lp/self.smm"; printf 'import self\n' > "$tmp/lp/main.smm"
t "import of a symlink loop" 1 $SMMC compile --emit none "$tmp/lp/main.smm"
has "symlink loop named" "$tmp/err" "cannot load import 'self': .*lp/self.smm is a symbolic link loop"
t "root file a symlink loop" 2 $SMMC compile --emit none "$tmp/lp/self.smm"
has "root symlink loop named" "$tmp/err" "cannot read '.*lp/self.smm': it is a symbolic link loop"

# --- no assessment: check and report fail and say what they found instead
t "check without assessment" 1 $SMMC check "$spec/profiles/medical.smm"
has "check says what it found" "$tmp/err" "no assessment to check: the input file holds 2 profiles, 0 assessments \\[no-assessments\\]"
t "report without assessment" 1 $SMMC report -o "$tmp/none.html" "$spec/profiles/medical.smm"
has "report says what it found" "$tmp/err" "holds 2 profiles, 0 assessments"
ok "report without assessment writes nothing" "[ ! -e '$tmp/none.html' ]"

# --- explain, diff, build
t "explain code" 0 $SMMC explain E0501;          has "explain heading" "$tmp/out" '^## E0501 gap'
t "explain name" 0 $SMMC explain gap
t "explain list" 0 $SMMC explain;                has "explain lists codes" "$tmp/out" 'E0101 +invalid-character'
t "explain unknown code" 2 $SMMC explain E9999
t "explain near code" 2 $SMMC explain E01O1;      has "explain suggests a code" "$tmp/err" "did you mean 'E0101'"
t "explain misspelt name" 1 $SMMC explain gapp;   has "explain suggests a name" "$tmp/err" "did you mean 'gap' \\(smmc explain gap\\)"
has "explain says where it looked" "$tmp/err" "looked for a profile in the standard library \\($root/stdlib\\)"
t "explain unknown profile in file" 1 $SMMC explain iiot.baselin "$spec/profiles/medical.smm"
has "explain suggests a profile" "$tmp/err" "did you mean 'iiot.baseline'"
has "explain names the files" "$tmp/err" "looked for a profile in $spec/profiles/medical.smm and the files they import"
t "explain target" 0 $SMMC explain healthcare.medical_device threat_modeling --system handheld
has "explain shows winner" "$tmp/out" '=> effective'
t "explain target in file" 0 $SMMC explain iiot.baseline patch_management "$spec/profiles/medical.smm"
has "explain file:line" "$tmp/out" 'medical.smm:9:3: patch_management = 4'
sed 's/threat_modeling    = 2 industry/threat_modeling    = 3 industry/' "$spec/assessment.smm" > "$tmp/new.smm"
cp "$spec/assessment.smm" "$tmp/old.smm"; mkdir -p "$tmp/profiles"; cp "$spec/profiles/medical.smm" "$tmp/profiles/"
t "diff assessments" 0 $SMMC diff "$tmp/old.smm" "$tmp/new.smm"; has "diff progress" "$tmp/out" 'threat_modeling .*\[progress, newly met\]'
sed 's/patch_management = 4 system/patch_management = 3 system/' "$spec/profiles/medical.smm" > "$tmp/profiles/m2.smm"
t "diff targets" 0 $SMMC diff --profile iiot.baseline "$spec/profiles/medical.smm" "$tmp/profiles/m2.smm"
has "diff target moved" "$tmp/out" 'patch_management +comprehensiveness 4 -> 3'
t "build" 0 $SMMC build "$root/stdlib" -o "$tmp/lib" -MD --emit json
ok "build index" "python3 -m json.tool '$tmp/lib/index.json' >/dev/null"
ok "build dep file" "grep -q 'baseline.smm' '$tmp/lib/profiles/medical.d'"
t "build not a dir" 2 $SMMC build "$spec/assessment.smm" -o "$tmp/x"

# --- a file reached by two paths (a symlinked directory) is loaded once
mkdir -p "$tmp/twice/lib" && ln -s lib "$tmp/twice/alias"
printf 'import iic.smm\nprofile twice.p "P" model iic.smm { governance = 2 }\n' > "$tmp/twice/lib/a.smm"
printf 'import lib.a\nimport alias.a\nprofile twice.q "Q" extends twice.p {}\n' > "$tmp/twice/root.smm"
t "same file by two paths: loaded once" 0 $SMMC compile --emit none -Wno-no-target "$tmp/twice/root.smm"

# --- the directory walk of build and test follows symbolic links but enters
# each directory and takes each file once (docs/cli.md, smmc build): a loop,
# a self link, a second link to a directory or a file add nothing; a
# dangling link is skipped unless it is named *.smm (then it cannot be read)
w=$tmp/walk; mkdir -p "$w/proj/lib/sub" "$w/shared"
walk_file() { # path, profile, governance
    printf 'import iic.smm\n\nprofile %s "P" model iic.smm {\n  governance = %s\n}\n\ntest %s_set "sets it" {\n  target %s\n  expect governance = %s\n}\n' \
        "$2" "$3" "$2" "$2" "$3" > "$1"
}
walk_file "$w/proj/lib/a.smm" walk.a 2; walk_file "$w/proj/lib/sub/b.smm" walk.b 3
walk_file "$w/shared/c.smm" walk.c 1
walk() { # name, expected exit: build and test the library into $w/NAME*
    t "walk $1: build" "$2" timeout 300 $SMMC build -Wno-no-target --emit json "$w/proj/lib" -o "$w/$1"
    cp "$tmp/err" "$w/$1.err"
    (cd "$w/$1" && find . | sort) > "$w/$1.files"
    t "walk $1: test" "$2" timeout 300 $SMMC test -Wno-no-target "$w/proj/lib"
    cp "$tmp/out" "$w/$1.test"
}
same_walk() { # name: the same files, index and test results as without links
    ok "walk $1: same files" "cmp -s '$w/plain.files' '$w/$1.files'"
    ok "walk $1: same index" "cmp -s '$w/plain/index.json' '$w/$1/index.json'"
    ok "walk $1: same tests" "cmp -s '$w/plain.test' '$w/$1.test'"
}
walk plain 0
ok "walk plain: two files" "[ \"\$(grep -c '\"source\"' '$w/plain/index.json')\" = 2 ]"
has "walk plain: two tests" "$w/plain.test" '^2 tests: 2 passed, 0 failed'
ln -s .. "$w/proj/lib/up";                       walk loop 0;   same_walk loop;   rm "$w/proj/lib/up"
ln -s . "$w/proj/lib/self";                      walk self 0;   same_walk self;   rm "$w/proj/lib/self"
ln -s sub "$w/proj/lib/s1"; ln -s sub "$w/proj/lib/s2"; ln -s a.smm "$w/proj/lib/alias.smm"
walk inside 0; same_walk inside; rm "$w/proj/lib/s1" "$w/proj/lib/s2" "$w/proj/lib/alias.smm"
ln -s ../../shared "$w/proj/lib/x2"; ln -s ../../shared "$w/proj/lib/x1"
walk outside 0;  rm "$w/proj/lib/x1" "$w/proj/lib/x2"
ok "walk outside: a linked directory is walked once, under its first name" \
    "[ \"\$(grep '\"source\"' '$w/outside/index.json' | tr -d ' ,\"' | tr '\n' ' ')\" = 'source:a.smm source:sub/b.smm source:x1/c.smm ' ]"
has "walk outside: its tests run once" "$w/outside.test" '^3 tests: 3 passed, 0 failed'
ln -s nowhere "$w/proj/lib/gone";                walk dangling 0; same_walk dangling
ln -s nowhere.smm "$w/proj/lib/gone.smm";         walk dangling-smm 2; rm "$w/proj/lib/gone" "$w/proj/lib/gone.smm"
has "walk dangling *.smm link: cannot be read" "$w/dangling-smm.err" "cannot read '$w/proj/lib/gone.smm': No such file or directory"
ok "walk dangling *.smm link: the others are built" "[ -f '$w/dangling-smm/a.json' ] && [ -f '$w/dangling-smm/sub/b.json' ]"
if [ "$(id -u)" != 0 ]; then # root reads every directory
    mkdir "$w/proj/lib/locked" && chmod 000 "$w/proj/lib/locked"
    walk locked 2; chmod 700 "$w/proj/lib/locked"; rmdir "$w/proj/lib/locked"
    has "walk unreadable directory: said" "$w/locked.err" "cannot read '$w/proj/lib/locked': Permission denied"
fi

# --- libxml2 is linked (a NEEDED entry packaging tools can see), not
# opened by a fixed soname at run time
smmc_bin=${SMMC##* }
if command -v readelf >/dev/null 2>&1; then
    ok "libxml2 is a NEEDED library of smmc" "readelf -d '$smmc_bin' | grep -q 'NEEDED.*libxml2'"
    ok "smmc does not dlopen" "! readelf -s --dyn-syms '$smmc_bin' | grep -qw dlopen"
fi
t "xml output with libxml2 linked" 0 $SMMC compile -o "$tmp/linked.xml" "$spec/profiles/medical.smm"
ok "xml output written" "[ -s '$tmp/linked.xml' ]"

# --- the demo's summary lists each file once
if SMM_DEMO_OUT="$tmp/demo" "$root/scripts/demo.sh" "$smmc_bin" >"$tmp/demo.txt" 2>&1; then pass=$((pass + 1)); else
    fail=$((fail + 1)); echo "FAIL e2e: scripts/demo.sh"; tail -5 "$tmp/demo.txt" | sed 's/^/    /'; fi
ok "demo summary: no line twice" "[ -z \"\$(sed -n '/now holds:/,/^\$/p' '$tmp/demo.txt' | sort | uniq -d)\" ]"
ok "demo summary: index.json named once" "[ \$(grep -c 'index.json' '$tmp/demo.txt') = 1 ]"
ok "demo wrote where told" "[ -f '$tmp/demo/medical-report.html' ]"

# --- install honours PREFIX and DESTDIR (built apart: the PREFIX is compiled
# in, and the build under test must not change under the suites that follow)
if make -s -C "$root" install B="$tmp/build" PREFIX=/opt/smmc DESTDIR="$tmp/dest" \
        DOCS_URL=https://example.org/smmc/diagnostics.md >/dev/null 2>&1; then pass=$((pass + 1)); else
    fail=$((fail + 1)); echo "FAIL e2e: make install"; fi
ok "installed binary" "[ -x '$tmp/dest/opt/smmc/bin/smmc' ]"
ok "installed stdlib" "[ -f '$tmp/dest/opt/smmc/share/smmc/stdlib/iic/smm.smm' ]"
ok "installed man page" "[ -f '$tmp/dest/opt/smmc/share/man/man1/smmc.1' ]"
ok "installed schema" "[ -f '$tmp/dest/opt/smmc/share/smmc/stdlib/schema/smm-ir.rng' ]"
ok "installed JSON schema" "[ -f '$tmp/dest/opt/smmc/share/smmc/stdlib/schema/smm-ir.schema.json' ]"
# a configured DOCS_URL gives SARIF rules their helpUri and the tool its informationUri
t "sarif with DOCS_URL" 1 "$tmp/dest/opt/smmc/bin/smmc" check --format sarif --today 2026-10-01 --stdlib "$root/stdlib" "$spec/assessment.smm"
has "DOCS_URL: helpUri" "$tmp/out" '"helpUri": "https://example.org/smmc/diagnostics.md#e0501"'
has "DOCS_URL: informationUri" "$tmp/out" '"informationUri": "https://example.org/smmc/diagnostics.md"'

echo "e2e: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
