#!/usr/bin/env bash
# `smmc test` and verify mode, end to end (language.md §8, tool.md §6):
#
#  1. the spec's §8 tests pass; the stdlib's own tests (stdlib/tests/) pass;
#  2. every verify-mode file under tests/verify/ passes: the diagnostics it
#     produces are exactly the ones its comments expect (a first line
#     "// verify: check ARGS" runs `check --verify ARGS`, "// verify:
#     compile ARGS" `compile --verify ARGS`, with $ROOT the repository;
#     else `compile --verify`), and a file whose expectation is removed fails;
#  3. failing tests and a failing verify file give the diagnostics in
#     failing.err / failing.out and verify-mismatch.err (UPDATE=1 rewrites
#     them: review the diff);
#  4. the formats: json (summary and tests), junit (one testcase per test,
#     one failure per failed expectation, valid against junit-10.xsd),
#     sarif, github;
#  5. exit statuses: --run, no test found, a directory, usage and I/O errors;
#     compile and build ignore tests.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
SMMC=${SMMC:-$root/build/smmc}
stdlib=$root/stdlib
pass=0 fail=0
ok()  { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL test: $*"; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

t() { # name expected-status command...: runs it, output in $tmp/out, $tmp/err
    local name=$1 want=$2 rc
    shift 2
    "$@" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    if [ "$rc" -eq "$want" ]; then ok; else bad "$name: exit $rc, expected $want"; sed 's/^/    /' "$tmp/err" | head -20; fi
}
has() { # name file regex
    if grep -Eq -- "$3" "$2"; then ok; else bad "$1: no line matching '$3' in $(basename "$2")"; sed 's/^/    /' "$2" | head -10; fi
}
golden() { # name actual expected
    if [ "${UPDATE:-}" = 1 ]; then cp "$2" "$3"; ok; return; fi
    if diff -u "$3" "$2" >"$tmp/diff"; then ok; else bad "$1 differs from $(basename "$3")"; head -40 "$tmp/diff"; fi
}

# 1. the spec's tests, the stdlib's tests
cd "$root/tests/spec" || exit 1
t "spec §8 tests" 0 $SMMC test --stdlib "$stdlib" tests.smm
has "spec summary" "$tmp/out" '^2 tests: 2 passed, 0 failed$'
t "spec §8 verify example" 0 $SMMC compile --verify --stdlib "$stdlib" verify.smm
cd "$root" || exit 1
t "stdlib tests" 0 $SMMC test --stdlib "$stdlib" stdlib/tests
has "stdlib summary" "$tmp/out" '^[0-9]+ tests: [0-9]+ passed, 0 failed$'
for f in stdlib/profiles/*.smm; do # at least one test per shipped profile
    for p in $(sed -n 's/^profile \([A-Za-z0-9_.-]*\).*/\1/p' "$f"); do
        if grep -Eq "^  target $p( |\$)" stdlib/tests/*.smm; then ok; else bad "no test in stdlib/tests targets $p"; fi
    done
done

# 2. verify-mode files
while IFS= read -r f; do
    args=$(sed -n '1s|^// verify: ||p' "$f" | sed "s|\$ROOT|$root|g")
    cmd=compile
    if [ -n "$args" ]; then cmd=${args%% *}; [ "$cmd" = "$args" ] && args="" || args=${args#* }; fi
    (cd "$(dirname "$f")" && $SMMC $cmd --verify --stdlib "$stdlib" $args "$(basename "$f")") \
        >"$tmp/out" 2>"$tmp/err"
    if [ $? -eq 0 ] && [ ! -s "$tmp/err" ]; then ok; else bad "verify $f"; sed 's/^/    /' "$tmp/err" | head -20; fi
    # without its first expectation the file must fail
    first=$(grep -n 'expect-\(error\|warning\)' "$f" | head -1 | cut -d: -f1)
    if [ -n "$first" ]; then
        mkdir -p "$tmp/v"
        sed "${first}s|expect-|no-expect-|" "$f" >"$tmp/v/$(basename "$f")"
        (cd "$tmp/v" && $SMMC $cmd --verify --stdlib "$stdlib" -I "$root/$(dirname "$f")" $args "$(basename "$f")") \
            >/dev/null 2>&1
        if [ $? -eq 1 ]; then ok; else bad "verify $f still passes without the annotation on line $first"; fi
    fi
done < <(find tests/verify -name '*.smm' | sort)

# 3. failing tests and verify mismatches
cd "$root/tests/test" || exit 1
t "failing tests" 1 $SMMC test --color never --stdlib "$stdlib" -I ../spec failing.smm
sed "s|$stdlib|STDLIB|g" "$tmp/err" >"$tmp/err.s"
golden "failing tests (stderr)" "$tmp/err.s" failing.err
golden "failing tests (stdout)" "$tmp/out" failing.out
has "summary line" "$tmp/out" '^5 tests: 1 passed, 4 failed$'
t "-q" 1 $SMMC test -q --stdlib "$stdlib" -I ../spec failing.smm
if [ ! -s "$tmp/out" ] && grep -q 'expectation-failed' "$tmp/err"; then ok; else bad "-q prints only the diagnostics"; fi
t "verify mismatches" 1 $SMMC compile --verify --color never --stdlib "$stdlib" -I ../spec verify-mismatch.smm
golden "verify mismatches" "$tmp/err" verify-mismatch.err
t "check --verify mismatches" 1 $SMMC check --verify --stdlib "$stdlib" -I ../spec verify-mismatch.smm
has "check --verify reports" "$tmp/err" 'expected-not-produced'

# 4. formats
t "json" 1 $SMMC test --format json --stdlib "$stdlib" -I ../spec failing.smm
if python3 - "$tmp/out" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["summary"] == {"tests": 5, "passed": 1, "failed": 4}, d["summary"]
assert [t["status"] for t in d["tests"]] == ["failed"] * 4 + ["passed"]
assert sum(t["failed"] for t in d["tests"]) == 15
assert sum(x["name"] == "expectation-failed" for x in d["diagnostics"]) == 15
EOF
then ok; else bad "json result"; fi
t "junit" 1 $SMMC test --format junit -o "$tmp/junit.xml" --stdlib "$stdlib" -I ../spec failing.smm
if command -v xmllint >/dev/null; then
    if xmllint --noout --schema "$root/tests/check/junit-10.xsd" "$tmp/junit.xml" 2>"$tmp/err"; then ok; else bad "junit is not valid"; cat "$tmp/err"; fi
fi
if [ "$(grep -c '<testcase ' "$tmp/junit.xml")" = 5 ] && [ "$(grep -c '<failure ' "$tmp/junit.xml")" = 15 ]; then ok; else
    bad "junit: 5 testcases and 15 failures expected"; fi
has "junit counts" "$tmp/junit.xml" '<testsuites name="smmc test" tests="5" failures="4"'
t "sarif" 1 $SMMC test --format sarif --stdlib "$stdlib" -I ../spec failing.smm
if python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len(d["runs"][0]["results"]) == 15' "$tmp/out"; then ok; else bad "sarif: 15 results"; fi
t "github" 1 $SMMC test --format github --stdlib "$stdlib" -I ../spec failing.smm
if [ "$(grep -c '^::error file=failing.smm' "$tmp/out")" = 15 ]; then ok; else bad "github: 15 annotations"; fi
t "junit, inputs that do not compile" 1 $SMMC test --format junit --stdlib "$stdlib" ../verify/test-syntax.smm
has "junit compile testcase" "$tmp/out" '<testcase classname="smmc" name="compile">'

# 5. selection and exit statuses
t "--run" 0 $SMMC test --run 'passing.*' --stdlib "$stdlib" -I ../spec failing.smm
has "--run summary" "$tmp/out" '^1 test: 1 passed, 0 failed$'
t "--run, no match" 1 $SMMC test --run 'nothing.*' --stdlib "$stdlib" -I ../spec failing.smm
has "--run, no match says so" "$tmp/err" "no test matches --run 'nothing\.\*' .*\[no-tests\]"
t "no test in the inputs" 1 $SMMC test --stdlib "$stdlib" ../spec/profiles/medical.smm
has "no test says so" "$tmp/err" 'no test found in the inputs'
mkdir -p "$tmp/empty"
t "a directory without .smm files" 1 $SMMC test "$tmp/empty"
has "empty directory says so" "$tmp/err" 'no test found'
t "a directory" 1 $SMMC test --stdlib "$stdlib" -I ../spec "$root/tests/test"
has "a directory's tests" "$tmp/out" '^5 tests: 1 passed, 4 failed$'
t "missing file" 2 $SMMC test --stdlib "$stdlib" no-such-file.smm
t "no input" 2 $SMMC test
t "csv is not a test format" 2 $SMMC test --format csv failing.smm
t "oscal is not a test format" 2 $SMMC test --format oscal failing.smm
t "--assessment is not a test option" 2 $SMMC test --assessment x failing.smm
t "--run is not a compile option" 2 $SMMC compile --run x failing.smm
t "help test" 0 $SMMC help test
has "help test names --run" "$tmp/out" '--run GLOB'
t "compile ignores tests" 0 $SMMC compile --emit json --stdlib "$stdlib" -I ../spec failing.smm
if grep -q '"failing\.\|"passing\.' "$tmp/out"; then bad "the IR holds tests"; else ok; fi
mkdir -p "$tmp/lib" && cp -r "$root/tests/spec/profiles" "$root/tests/spec/assessments" "$root/tests/spec/tests.smm" "$tmp/lib/"
t "build ignores tests" 0 $SMMC build "$tmp/lib" -o "$tmp/build" --stdlib "$stdlib"
if grep -rq 'medical\.handheld_floor' "$tmp/build"; then bad "build wrote a test"; else ok; fi

echo "test: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
