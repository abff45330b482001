#!/usr/bin/env bash
# tests/fmt/run.sh — `smmc fmt` end to end.
#
#  1. Every .smm in the repo (stdlib/, examples/, tests/), copied to a temp
#     tree and formatted there (the repo's files are never touched: the
#     spec examples in tests/spec/ must stay byte-identical to the spec):
#       - fmt refuses only text the compiler rejects too, and then leaves
#         the file alone;
#       - the result is a fixed point (fmt --check passes, fmt -o - is
#         identical);
#       - meaning is kept: `compile --emit json` (and `check --format json`
#         for assessments) of the original and the formatted copy agree
#         once line and column numbers are stripped, with the same exit
#         status.
#  2. The command line: --check exit codes and messages, in-place atomic
#     rewrite (only when the text changes; mode and symlinks kept; no temp
#     files left), -o FILE, -o -, stdin, directories, usage errors.
#  3. The golden pair tests/fmt/messy.smm → tests/fmt/messy.expected.
#  4. The repository is formatted: `smmc fmt --check` on every .smm but
#     those tests/fmt/unformatted.txt lists.
# Last line: "fmt: N passed, M failed"; exit 1 on any failure.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
SMMC=${SMMC:-$root/build/smmc}
pass=0 fail=0
ok()  { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL fmt: $*"; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
today=2026-10-01

# ---------------------------------------------------------------- 1. the repo
orig=$tmp/orig; form=$tmp/form
cd "$root" || exit 1
mapfile -t files < <(find stdlib examples tests -name '*.smm' | sort)
for f in "${files[@]}"; do
    mkdir -p "$orig/$(dirname "$f")" "$form/$(dirname "$f")"
    cp "$f" "$orig/$f"; cp "$f" "$form/$f"
done

# Strip what formatting may change: line/column numbers and the tree's path.
normalize() { sed -E -e "s#$1#TREE#g" -e 's/"(line|column|end_line|end_column)": ?[0-9]+/"\1":0/g'; }

# run TREE FILE CMD... : in the file's directory, stdout normalized to $tmp/out, rc to $rc
run_in() {
    local tree=$1 f=$2; shift 2
    (cd "$tree/$(dirname "$f")" && "$@" "$(basename "$f")") 2>/dev/null | normalize "$tree" > "$tmp/out"
    rc=${PIPESTATUS[0]}
}

refused=0 formatted=0 changed=0
for f in "${files[@]}"; do
    $SMMC fmt "$form/$f" 2>"$tmp/err"; frc=$?
    if [ $frc -eq 1 ]; then
        # refused: the message names the place, the file is untouched, and
        # the compiler rejects the file too
        refused=$((refused + 1))
        if grep -qE "^$form/$f:[0-9]+:[0-9]+: error: " "$tmp/err" && cmp -s "$f" "$form/$f"; then ok; else bad "$f: refusal message or file changed"; cat "$tmp/err"; fi
        if (cd "$orig/$(dirname "$f")" && $SMMC compile --emit none --stdlib "$orig/stdlib" "$(basename "$f")") >/dev/null 2>&1; then
            bad "$f: fmt refused a file the compiler accepts"; cat "$tmp/err"
        else ok; fi
        continue
    fi
    if [ $frc -ne 0 ]; then bad "$f: fmt exit $frc"; cat "$tmp/err"; continue; fi
    formatted=$((formatted + 1))
    cmp -s "$f" "$form/$f" || changed=$((changed + 1))
    # idempotent
    if $SMMC fmt --check "$form/$f" 2>"$tmp/err"; then ok; else bad "$f: not idempotent"; cat "$tmp/err"; fi
    if $SMMC fmt -o - "$form/$f" | cmp -s - "$form/$f"; then ok; else bad "$f: fmt -o - differs from the file"; fi
    # the same meaning
    run_in "$orig" "$f" $SMMC compile --emit json --color never --stdlib "$orig/stdlib"; rc1=$rc; cp "$tmp/out" "$tmp/a.json"
    run_in "$form" "$f" $SMMC compile --emit json --color never --stdlib "$form/stdlib"; rc2=$rc
    if [ $rc1 -ne $rc2 ]; then
        bad "$f: compile exit $rc1 before formatting, $rc2 after"
    elif [ $rc1 -eq 0 ] && ! cmp -s "$tmp/a.json" "$tmp/out"; then
        bad "$f: compile --emit json differs after formatting"; diff "$tmp/a.json" "$tmp/out" | head -5
    else ok; fi
    if [ $rc1 -eq 0 ] && grep -q '^ *assessment ' "$f"; then
        run_in "$orig" "$f" $SMMC check --format json --color never --today $today --stdlib "$orig/stdlib"; rc1=$rc; cp "$tmp/out" "$tmp/a.json"
        run_in "$form" "$f" $SMMC check --format json --color never --today $today --stdlib "$form/stdlib"; rc2=$rc
        if [ $rc1 -ne $rc2 ]; then
            bad "$f: check exit $rc1 before formatting, $rc2 after"
        elif ! cmp -s "$tmp/a.json" "$tmp/out"; then
            bad "$f: check --format json differs after formatting"; diff "$tmp/a.json" "$tmp/out" | head -5
        else ok; fi
    fi
done
echo "fmt: ${#files[@]} repo files: $formatted formatted ($changed changed), $refused refused (do not tokenize)"
# the repo's own files must not have been touched
if [ -z "$(cd "$root" && for f in "${files[@]}"; do cmp -s "$f" "$orig/$f" || echo "$f"; done)" ]; then ok; else bad "a repo file changed during the test"; fi

# ---------------------------------------------------------------- 2. the CLI
w=$tmp/cli; mkdir -p "$w"; cd "$w" || exit 1
printf 'profile p model m {\n  x = 1\n}\n' > good.smm
printf 'profile p model m {\nx=1\n}\n' > ugly.smm
printf 'profile p model m {\n  x = 1\n}\n' > ugly.want
printf 'doc "open\n' > broken.smm

expect() { # expect RC DESCRIPTION -- command...
    local want=$1 what=$2; shift 3
    "$@" >"$tmp/out" 2>"$tmp/err"; local got=$?
    if [ $got -eq "$want" ]; then ok; else bad "$what: exit $got, want $want"; cat "$tmp/err"; fi
}

# --check
expect 0 "--check formatted" -- $SMMC fmt --check good.smm
[ ! -s "$tmp/out" ] && [ ! -s "$tmp/err" ] && ok || bad "--check on a formatted file printed something"
expect 1 "--check unformatted" -- $SMMC fmt --check good.smm ugly.smm
grep -q '^ugly.smm: not formatted$' "$tmp/err" && ok || bad "--check does not name the file"; 
grep -q '^  -x=1$' "$tmp/err" && grep -q '^  +  x = 1$' "$tmp/err" && ok || { bad "--check hint"; cat "$tmp/err"; }
grep -q good.smm "$tmp/err" && bad "--check named a formatted file" || ok
cmp -s ugly.smm <(printf 'profile p model m {\nx=1\n}\n') && ok || bad "--check wrote the file"
expect 1 "--check untokenizable" -- $SMMC fmt --check broken.smm
grep -q '^broken.smm:1:5: error: missing terminating' "$tmp/err" && ok || { bad "untokenizable message"; cat "$tmp/err"; }
expect 2 "--check missing file" -- $SMMC fmt --check good.smm nope.smm
grep -q "cannot read 'nope.smm'" "$tmp/err" && ok || bad "missing file message"
expect 2 "--check with -o" -- $SMMC fmt --check -o x.smm good.smm
expect 2 "no input" -- $SMMC fmt
expect 2 "unknown option" -- $SMMC fmt --emit json good.smm

# in place: rewritten atomically (a new inode), mode kept, no temp file left
chmod 640 ugly.smm
ino=$(stat -c %i ugly.smm)
expect 0 "in place" -- $SMMC fmt ugly.smm
cmp -s ugly.smm ugly.want && ok || bad "in-place result"
[ "$(stat -c %i ugly.smm)" != "$ino" ] && ok || bad "in-place rewrite was not a rename"
[ "$(stat -c %a ugly.smm)" = 640 ] && ok || bad "in-place rewrite lost the mode ($(stat -c %a ugly.smm))"
[ -z "$(ls -A | grep '^\.')" ] && ok || bad "temp files left: $(ls -A)"
# unchanged files are not rewritten
ino=$(stat -c %i good.smm)
expect 0 "in place, already formatted" -- $SMMC fmt good.smm
[ "$(stat -c %i good.smm)" = "$ino" ] && ok || bad "a formatted file was rewritten"
# a broken file is left alone; the others are still formatted
printf 'x=1\n' > a.smm
expect 1 "in place with a broken file" -- $SMMC fmt a.smm broken.smm
cmp -s broken.smm <(printf 'doc "open\n') && ok || bad "broken file changed"
cmp -s a.smm <(printf 'x = 1\n') && ok || bad "other file not formatted"
# through a symlink: the target is rewritten, the link stays a link
printf 'x=2\n' > target.smm; ln -s target.smm link.smm
expect 0 "symlink" -- $SMMC fmt link.smm
[ -L link.smm ] && cmp -s target.smm <(printf 'x = 2\n') && ok || bad "symlink replaced or target not formatted"
# a directory is walked as build and test walk it: each file once, a link
# loop adds nothing and nothing above the directory is touched
mkdir -p walk/sub && printf 'x=3\n' > walk/sub/w.smm && ln -s .. walk/up && ln -s sub walk/again
expect 1 "--check directory with links" -- $SMMC fmt --check walk
[ "$(grep -c 'not formatted$' "$tmp/err")" = 1 ] && grep -q '^walk/sub/w.smm: not formatted$' "$tmp/err" && ok ||
    { bad "--check walk: each file once, by its real name"; cat "$tmp/err"; }
rm -r walk
# CRLF and BOM
printf '\xef\xbb\xbfprofile p model m {\r\n  x = 1\r\n}\r\n' > crlf.smm
expect 1 "--check CRLF" -- $SMMC fmt --check crlf.smm
grep -q 'line endings or trailing whitespace differ' "$tmp/err" && ok || { bad "--check CRLF hint"; cat "$tmp/err"; }
expect 0 "CRLF in place" -- $SMMC fmt crlf.smm
cmp -s crlf.smm good.smm && ok || bad "CRLF/BOM not normalized"

# -o FILE, -o -, stdin
printf 'x=3\n' > one.smm
expect 0 "-o FILE" -- $SMMC fmt -o out.smm one.smm
cmp -s out.smm <(printf 'x = 3\n') && cmp -s one.smm <(printf 'x=3\n') && ok || bad "-o FILE"
expect 2 "-o FILE with two inputs" -- $SMMC fmt -o out.smm one.smm good.smm
expect 0 "-o - with two inputs" -- $SMMC fmt -o - one.smm good.smm
cmp -s "$tmp/out" <(printf 'x = 3\nprofile p model m {\n  x = 1\n}\n') && ok || bad "-o - output"
rm -f out.smm
expect 1 "-o FILE, broken input" -- $SMMC fmt -o out.smm broken.smm
[ ! -e out.smm ] && ok || bad "-o FILE written for a broken input"
if printf 'x=4\n' | $SMMC fmt - >"$tmp/out" 2>"$tmp/err"; then ok; else bad "stdin"; fi
cmp -s "$tmp/out" <(printf 'x = 4\n') && ok || bad "stdin output"
if printf 'x=4\n' | $SMMC fmt --check - 2>"$tmp/err"; then bad "stdin --check passed unformatted input"; else ok; fi
grep -q '^<stdin>: not formatted' "$tmp/err" && ok || bad "stdin --check message"
if printf 'x = 4\n' | $SMMC fmt --check - 2>/dev/null; then ok; else bad "stdin --check on formatted input"; fi
printf '"' | $SMMC fmt - >/dev/null 2>"$tmp/err"; [ $? -eq 1 ] && grep -q '^<stdin>:1:1: error: ' "$tmp/err" && ok || bad "stdin untokenizable"
expect 2 "stdin twice" -- $SMMC fmt - -

# directories: every .smm below, hidden entries skipped
mkdir -p tree/sub tree/.hidden
printf 'x=5\n' > tree/a.smm; printf 'x=6\n' > tree/sub/b.smm; printf 'x=7\n' > tree/.hidden/c.smm
printf 'x=8\n' > tree/notes.txt
expect 1 "--check directory" -- $SMMC fmt --check tree
[ "$(grep -c 'not formatted' "$tmp/err")" = 2 ] && ok || { bad "--check directory lists"; cat "$tmp/err"; }
expect 0 "directory in place" -- $SMMC fmt tree
cmp -s tree/sub/b.smm <(printf 'x = 6\n') && cmp -s tree/.hidden/c.smm <(printf 'x=7\n') &&
    cmp -s tree/notes.txt <(printf 'x=8\n') && ok || bad "directory formatting"

# a NUL byte inside a comment is kept with everything after it, whichever
# way the text comes in and goes out (fmt once lost the rest of the file)
printf 'profile p model m {\n  x = 1 /* a\0b */ y = 2\n  /* c\0 */\n  z = 3  // d\0e\n}\n' > nul.smm
cp nul.smm nul.want
expect 0 "NUL: --check" -- $SMMC fmt --check nul.smm
expect 0 "NUL: -o -" -- $SMMC fmt -o - nul.smm
cmp -s "$tmp/out" nul.want && ok || bad "NUL: -o - lost bytes"
$SMMC fmt - < nul.smm > "$tmp/out" 2>/dev/null && cmp -s "$tmp/out" nul.want && ok || bad "NUL: stdin lost bytes"
printf 'x=1 /* a\0b */ y = 2\n' > nul2.smm
expect 0 "NUL: in place" -- $SMMC fmt nul2.smm
cmp -s nul2.smm <(printf 'x = 1 /* a\0b */ y = 2\n') && ok || bad "NUL: in-place rewrite lost bytes"
printf 'profile p model m {\n/* c\0d */\n  x = 1\n}\n' > nul3.smm
expect 1 "NUL: --check unformatted" -- $SMMC fmt --check nul3.smm
grep -aq '^  +  /\* c.d \*/$' "$tmp/err" && ok || { bad "NUL: the --check hint stops at the NUL"; cat -v "$tmp/err"; }

# ---------------------------------------------------------------- 3. golden
cd "$root/tests/fmt" || exit 1
if $SMMC fmt -o - messy.smm 2>"$tmp/err" | cmp -s - messy.expected; then ok; else
    bad "messy.smm does not format to messy.expected"; $SMMC fmt -o - messy.smm | diff messy.expected - | head -20; fi
if $SMMC fmt --check messy.expected; then ok; else bad "messy.expected is not a fixed point"; fi
mkdir -p "$tmp/g1" "$tmp/g2"; cp messy.smm "$tmp/g1/messy.smm"; cp messy.expected "$tmp/g2/messy.smm"
a=$(cd "$tmp/g1" && $SMMC compile --emit json --stdlib "$root/stdlib" messy.smm | normalize "$tmp/g1")
b=$(cd "$tmp/g2" && $SMMC compile --emit json --stdlib "$root/stdlib" messy.smm | normalize "$tmp/g2")
[ -n "$a" ] && [ "$a" = "$b" ] && ok || bad "messy.smm and messy.expected compile differently"

# ---------------------------------------------------------------- 4. the repo is formatted
# Every .smm of the repository is in canonical form, except the files
# tests/fmt/unformatted.txt lists (with the reason).
cd "$root" || exit 1
mapfile -t pats < <(sed -e 's/#.*//' -e 's/[[:space:]].*//' tests/fmt/unformatted.txt | grep -v '^$')
unformatted=0
for f in "${files[@]}"; do
    skip=0
    for p in "${pats[@]}"; do [[ $f == $p ]] && { skip=1; break; }; done
    [ $skip = 1 ] && continue
    if $SMMC fmt --check "$f" >"$tmp/out" 2>&1; then ok; else
        unformatted=$((unformatted + 1))
        bad "$f is not formatted: run 'smmc fmt $f', or list it in tests/fmt/unformatted.txt with the reason"
        head -4 "$tmp/out"
    fi
done
# the list names only files that exist
for p in "${pats[@]}"; do
    compgen -G "$p" >/dev/null && ok || bad "tests/fmt/unformatted.txt: '$p' matches no file"
done

echo "fmt: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
