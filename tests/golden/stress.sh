#!/usr/bin/env bash
# Stress and robustness cases for `smmc compile` that are too big (or too
# odd) to commit as goldens: each case generates its input in a temporary
# directory, runs smmc under a timeout and checks the exit status and one
# key line of stderr.  A hang is a failure (exit 124), so is a crash
# (exit 70 or a signal).  The last line is "stress: N passed, M failed".
#
#   SMMC=path/to/smmc tests/golden/stress.sh     (default build/smmc)
#   STRESS_TIMEOUT=seconds                        (default 10; 300 under valgrind)
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
SMMC=${SMMC:-$root/build/smmc}
stdlib=$root/stdlib
T=${STRESS_TIMEOUT:-10}
[ "${SMM_VALGRIND:-}" = 1 ] && T=${STRESS_TIMEOUT:-300}
tmp=$(mktemp -d)
trap 'chmod -R u+rwX "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
chmod 755 "$tmp"
pass=0 fail=0 skip=0

bad() { fail=$((fail + 1)); echo "FAIL stress: $*"; }

# run [-u USER] FILE ARGS... -> $rc, stderr in $tmp/err (runs in FILE's directory)
run() {
    local as=()
    if [ "$1" = -u ]; then as=(runuser -u "$2" --); shift 2; fi
    local f=$1; shift
    (cd "$(dirname "$f")" &&
        timeout "$T" "${as[@]}" $SMMC compile --emit none --color never --stdlib "$stdlib" "$@" \
            "$(basename "$f")") >/dev/null 2>"$tmp/err"
    rc=$?
}

# expect NAME EXIT PATTERN: judge the last run (PATTERN: fixed string, may be empty)
expect() {
    if [ "$rc" -ne "$2" ]; then
        bad "$1: exit $rc, expected $2"; head -c 600 "$tmp/err" | sed 's/^/    /'; return
    fi
    if [ -n "$3" ] && ! grep -qF -- "$3" "$tmp/err"; then
        bad "$1: stderr has no line with '$3'"; head -c 600 "$tmp/err" | sed 's/^/    /'; return
    fi
    pass=$((pass + 1))
}

model='model m "M" { dimension d { domain o { practice x practice y } } }'

# 200 000 nested braces, closed and not closed: one nesting error, no crash.
{ echo "$model"; printf 'profile p model m '; head -c 200000 /dev/zero | tr '\0' '{'
  head -c 200000 /dev/zero | tr '\0' '}'; echo; } > "$tmp/nested.smm"
run "$tmp/nested.smm"; expect nested-200k 1 "blocks nested more than 32 deep"
{ echo "$model"; printf 'profile p model m '; head -c 200000 /dev/zero | tr '\0' '{'; echo; } > "$tmp/open.smm"
run "$tmp/open.smm"; expect nested-200k-unclosed 1 "expected '}' at end of file"

# A 2 MB identifier, and a valid 2 MB string.
{ echo "$model"; printf 'profile p model m {\n  '; head -c 2000000 /dev/zero | tr '\0' 'x'; printf ' = 1\n}\n'; } > "$tmp/ident.smm"
run "$tmp/ident.smm"; expect identifier-2mb 1 "name is 2000000 bytes long; the limit is 1024"
{ echo "$model"; printf 'profile p model m {\n  d = 1\n  doc "'; head -c 2000000 /dev/zero | tr '\0' 'x'; printf '"\n}\n'; } > "$tmp/string.smm"
run "$tmp/string.smm"; expect string-2mb 0 ""

# Binary input: random bytes, NUL bytes.  One diagnostic, not one per byte.
head -c 4096 /dev/urandom > "$tmp/random.smm"
run "$tmp/random.smm"; expect binary-random 1 "does not look like .smm source"
[ "$(grep -c 'error:' "$tmp/err")" -eq 1 ] || bad "binary-random: more than one error"
head -c 4096 /dev/zero > "$tmp/zeros.smm"
run "$tmp/zeros.smm"; expect binary-nul 1 "does not look like .smm source"

# Not a file; a file that does not exist.
mkdir "$tmp/dir.smm"
run "$tmp/dir.smm"; expect directory 2 "Is a directory"
run "$tmp/missing.smm"; expect missing-file 2 "No such file or directory"

# Unreadable inputs (the file itself, an import): exit 2.  Root reads
# everything, so as root the case runs as 'nobody' when runuser exists.
echo "$model" > "$tmp/secret.smm"
printf 'import secret\nprofile p model m { d = 1 }\n' > "$tmp/importer.smm"
chmod 000 "$tmp/secret.smm"
who=()
if [ "$(id -u)" = 0 ]; then
    if command -v runuser >/dev/null && runuser -u nobody -- test -x "${SMMC##* }" 2>/dev/null; then
        who=(-u nobody)
    else
        who=(skip)
    fi
fi
if [ "${who[0]:-}" = skip ]; then
    skip=$((skip + 2)); echo "SKIP stress: unreadable files (running as root without runuser)"
else
    run "${who[@]}" "$tmp/secret.smm"; expect unreadable-file 2 "Permission denied"
    run "${who[@]}" "$tmp/importer.smm"; expect unreadable-import 2 "cannot read 'secret.smm': Permission denied"
fi
chmod 644 "$tmp/secret.smm"

# Empty and comment-only files are valid.
: > "$tmp/empty.smm"
run "$tmp/empty.smm"; expect empty-file 0 ""

# A chain of 5000 imports (loaded without recursion).
mkdir "$tmp/chain"
for i in $(seq 0 4998); do echo "import f$((i + 1))" > "$tmp/chain/f$i.smm"; done
echo "$model" > "$tmp/chain/f4999.smm"
run "$tmp/chain/f0.smm"; expect import-chain-5000 0 ""

# Many independent errors stop at -fmax-errors (50 by default).
{ echo "$model"; echo 'profile p model m {'; for i in $(seq 1 2000); do echo "  x = 9"; done; echo '}'; } > "$tmp/errors.smm"
run "$tmp/errors.smm"; expect many-errors 1 "too many errors emitted, stopping now"

# A large valid file: 3000 profiles in inheritance chains of depth 10.
{ echo "$model"
  for i in $(seq 0 2999); do
      if [ $((i % 10)) = 0 ]; then echo "profile p$i model m { d = 1 x = 2 industry }"
      else echo "profile p$i extends p$((i - 1)) { y = $((i % 5)) because \"step $i\" }"; fi
  done; } > "$tmp/large.smm"
run "$tmp/large.smm"; expect large-valid 0 ""

# A 100 000-deep chain selecting a sector at its leaf (and an assessment of
# that variant): nothing recurses along the chain, so it compiles with the
# default stack and with a 256 KB one.
awk -v n=100000 'BEGIN {
    print "model m \"M\" { dimension d { domain o { practice x practice y } } }"
    print "profile p0 model m { d = 1  x = 2 industry  sector water { y = 2 } }"
    for (i = 1; i < n; i++) printf "profile p%d extends p%d { y = %d }\n", i, i - 1, i % 5
    printf "profile leaf extends p%d { sector water { x = 3 } }\n", n - 1
    print "assessment a \"A\" { target leaf sector water  date 2026-01-01  x = 3 industry  y = 2 }"
}' > "$tmp/deep.smm"
run "$tmp/deep.smm"; expect deep-chain-100k 0 ""
(ulimit -s 256 && run "$tmp/deep.smm" && expect deep-chain-100k-256k-stack 0 "" && echo "$pass" > "$tmp/pass")
if [ -f "$tmp/pass" ]; then pass=$(cat "$tmp/pass"); else bad "deep-chain-100k-256k-stack: failed"; fi

# 50 000 diagnostics on one line (-fmax-errors=0): each one's line and
# column are found from the one before, not from the line start.
awk 'BEGIN {
    print "model m \"M\" { dimension d { domain o { practice x practice y } } }"
    printf "profile p model m {"
    for (i = 0; i < 50000; i++) printf " zz%d = 1", i
    print " }"
}' > "$tmp/longline.smm"
run "$tmp/longline.smm" -fmax-errors=0; expect long-line-50k-errors 1 "longline.smm:2:588899: error: model 'm' has no dimension, domain or practice 'zz49999'"
[ "$(grep -c 'error:' "$tmp/err")" -eq 50000 ] || bad "long-line-50k-errors: not 50000 errors"

# A fuzz-like mix of valid tokens in random order (fixed seed): exit 0 or 1,
# never a crash, a hang or an internal error.
words=(model profile assessment import dimension domain practice level consider require
       sector system scope general industry extends because evidence met waive until
       target date doc tags rollup '{' '}' '=' '.*' '>=' '<=' ';' ',' 0 3 9 x y d.o.x
       '"s"' '"""t"""' 2026-02-30 2026-01-01 '/*' '*/' '#' '"' '\u{41}' $'\n')
RANDOM=4242
fuzz_bad=0
for n in $(seq 1 40); do
    f="$tmp/fuzz$n.smm"
    { echo "$model"; for _ in $(seq 1 150); do printf '%s ' "${words[RANDOM % ${#words[@]}]}"; done; } > "$f"
    run "$f"
    if [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; then
        fuzz_bad=1; cp "$f" "${TMPDIR:-/tmp}/smmc-stress-fuzz$n.smm"
        bad "fuzz$n: exit $rc (input kept as ${TMPDIR:-/tmp}/smmc-stress-fuzz$n.smm)"
    fi
done
[ $fuzz_bad = 0 ] && pass=$((pass + 1))

echo "stress: $pass passed, $fail failed$([ $skip -gt 0 ] && echo ", $skip skipped")"
[ "$fail" -eq 0 ]
