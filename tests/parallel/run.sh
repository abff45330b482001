#!/usr/bin/env bash
# The output does not depend on the number of threads: every golden test
# passes with -j1 and with -j8 (SMM_JOBS), and libraries with many files
# and many errors give byte-identical diagnostics, IR, check results and
# dependency files whatever -j is — including when -fmax-errors stops the
# run part way.  The generated library's IR is validated against both schemas.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
SMMC=${SMMC:-$root/build/smmc}
read -r -a smmc <<<"$SMMC" # may be "valgrind ... smmc"
pass=0 fail=0
tmp=${KEEP_TMP:-$(mktemp -d)}; [ -n "${KEEP_TMP:-}" ] || trap 'rm -rf "$tmp"' EXIT
export SMM_STDLIB=$root/stdlib

ok() { if eval "$2"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL parallel: $1"; fi; }

# --- the golden suite, single-threaded and with more threads than CPUs
# (GOLDEN_JOBS chooses the passes; the ThreadSanitizer run uses only 8)
for j in ${GOLDEN_JOBS:-1 8}; do
    out=$(SMM_JOBS=$j SMMC="$SMMC" bash "$root/tests/run-golden.sh" 2>&1 | tail -1)
    ok "golden suite with SMM_JOBS=$j ($out)" "[[ '$out' == *' 0 failed' ]]"
done

# same JOBS-independent output: run CMD with -j1, -j2, -j8 and compare
# stdout, stderr and the exit status byte for byte
same() { # name, command... (with @J@ where -jN goes)
    local name=$1; shift
    local j ref=""
    for j in 1 2 8; do
        local args=("${@//@J@/-j$j}")
        "${args[@]}" >"$tmp/out.$j" 2>"$tmp/err.$j"
        echo "exit $?" >>"$tmp/err.$j"
        if [ -z "$ref" ]; then ref=$j; continue; fi
        ok "$name: -j$j differs from -j$ref" "cmp -s '$tmp/out.$j' '$tmp/out.$ref' && cmp -s '$tmp/err.$j' '$tmp/err.$ref'"
    done
}

# --- a generated valid library (the benchmark's generator, small N)
cc -O2 -std=c11 -o "$tmp/gen" "$root/bench/gen.c" || { echo "FAIL parallel: cannot build bench/gen.c"; exit 1; }
"$tmp/gen" -n "${GEN_PROFILES:-1500}" -s 7 -o "$tmp/lib" >/dev/null
cd "$tmp/lib" || exit 1
same "generated library, json" "${smmc[@]}" compile @J@ --emit json all.smm
# the IR is valid against its schemas (tests/lib/ajv.sh, stdlib/schema/)
. "$root/tests/lib/ajv.sh"
if ajv_setup "$root"; then
    ok "generated library, json: valid against smm-ir.schema.json" \
        "ajv_validate --smm-ir '$root/stdlib/schema/smm-ir.schema.json' '$tmp/out.1' >/dev/null"
else
    ok "no JSON Schema validator (tests/lib/ajv.sh)" false
fi
same "generated library, xml" "${smmc[@]}" compile @J@ --emit xml --provenance winner all.smm
ok "generated library, xml: valid against smm-ir.rng" \
    "xmllint --noout --relaxng '$root/stdlib/schema/smm-ir.rng' '$tmp/out.1' 2>/dev/null"
ok "generated library compiles" "[ \"\$(tail -1 '$tmp/err.1')\" = 'exit 0' ] && [ -s '$tmp/out.1' ]"
same "generated assessments" "${smmc[@]}" check @J@ --format json --today 2026-10-01 -I . check.smm

# --- a library with errors in many files, imported in awkward shapes:
# files imported twice and through different paths, import cycles, a missing
# import, a directory named as an import, syntax and semantic errors
mkdir -p "$tmp/bad/lib/sub" "$tmp/bad/lib/dir.smm"
cd "$tmp/bad" || exit 1
for i in $(seq 1 40); do
    prev=$(( i > 1 ? i - 1 : 40 ))
    {
        echo "import lib.f$prev"                       # a cycle through every file
        [ $((i % 7)) = 0 ] && echo "import lib.missing$i"
        [ $((i % 11)) = 0 ] && echo "import lib.dir"
        echo "import iic.smm"
        echo "profile p$i \"P $i\" model iic.smm {"
        echo "    governance = $((i % 5))"
        [ $((i % 3)) = 0 ] && echo "    program_management = 9"            # level out of range
        [ $((i % 4)) = 0 ] && echo "    nope.x = 2"            # unknown node
        [ $((i % 5)) = 0 ] && echo "    require governance >= 4"       # violated by governance = i % 5
        echo "    sector s$((i % 3)) { program_management = 3 }"
        echo "}"
        [ $((i % 6)) = 0 ] && echo "profile q$i extends p$i, nowhere$i {}"
        [ $((i % 9)) = 0 ] && echo "profile r$i \"broken\" model iic.smm { governance = }"
        echo "assessment a$i \"A\" { target p$i date 2026-01-0$(( i % 9 + 1 )) program_management = 1 }"
    } > "lib/f$i.smm"
done
{ echo "import lib.f1"; echo "import lib.f20"; echo "import lib.sub.g"; } > root.smm
printf 'import lib.f5\nimport lib.f1\nprofile g "G" extends p1 {}\n' > lib/sub/g.smm
same "errors in many files" "${smmc[@]}" compile @J@ --emit none --color never root.smm
ok "errors in many files reported" "grep -q 'error:' '$tmp/err.1' && [ \"\$(tail -1 '$tmp/err.1')\" != 'exit 0' ]"
same "errors, -fmax-errors=7" "${smmc[@]}" compile @J@ --emit none -fmax-errors=7 root.smm
same "errors, -fmax-errors=1" "${smmc[@]}" compile @J@ --emit none -fmax-errors=1 root.smm
same "errors, check json" "${smmc[@]}" check @J@ --format json root.smm
same "errors, check sarif" "${smmc[@]}" check @J@ --format sarif root.smm
same "two roots sharing imports" "${smmc[@]}" compile @J@ --emit none lib/f3.smm lib/sub/g.smm root.smm

# --- a library that parses and resolves but fails validation in many
# profiles: violated requirements (inherited, shadowed, per sector and
# system), defaults below a floor, conflicting floors and ceilings, and
# diamonds whose parents disagree (ambiguous targets)
mkdir -p "$tmp/val/lib"
cd "$tmp/val" || exit 1
for i in $(seq 1 24); do
    {
        echo "import iic.smm"
        [ $i -gt 1 ] && echo "import lib.v$((i - 1))"
        if [ $i = 1 ]; then
            echo "profile v1 \"root\" model iic.smm {"
            echo "    governance = 2"
            echo "    require program_management >= 3 because \"policy\""
            echo "    sector energy { enablement = 1 }"
            echo "    system meter { require identities >= 2 }"
        else
            echo "profile v$i \"V $i\" extends v$((i - 1)) {"
            echo "    program_management = $(( i % 4 ))"
            [ $((i % 3)) = 0 ] && echo "    require threat_modeling <= 1"
            [ $((i % 5)) = 0 ] && echo "    require threat_modeling >= 3"
            [ $((i % 4)) = 0 ] && echo "    sector energy { identities = $(( i % 3 )) system meter { access_control = 1 } }"
            [ $((i % 6)) = 0 ] && echo "    system meter { identities = 1 }"
        fi
        echo "}"
        if [ $((i % 4)) = 2 ]; then
            echo "profile l$i \"left\" extends v$i { hardening = 1 }"
            echo "profile r$i \"right\" extends v$i { hardening = 2 }"
            echo "profile d$i \"diamond\" extends l$i, r$i { }"
        fi
    } > "lib/v$i.smm"
done
echo "import lib.v24" > val.smm
same "validation errors" "${smmc[@]}" compile @J@ --emit none --color never -fmax-errors=0 val.smm
ok "validation errors reported" "grep -q 'requirement' '$tmp/err.1' && grep -q 'ambiguous' '$tmp/err.1'"
same "validation errors, -fmax-errors=5" "${smmc[@]}" compile @J@ --emit none -fmax-errors=5 val.smm
same "validation errors, -Werror" "${smmc[@]}" compile @J@ --emit none -Werror -fmax-errors=0 val.smm

# --- a valid multi-file library through `build`, with dependency files
mkdir -p "$tmp/ok/lib"
cd "$tmp/ok" || exit 1
for i in $(seq 1 30); do
    { [ $i -gt 1 ] && echo "import lib.f$((i - 1))"; echo "import iic.smm"
      echo "profile p$i \"P $i\" $( [ $i -gt 1 ] && echo "extends p$((i - 1))" || echo "model iic.smm") {"
      echo "    program_management = $(( i % 4 + 1 ))"; echo "}"; } > "lib/f$i.smm"
done
for j in 1 2 8; do
    rm -rf out
    "${smmc[@]}" build -j$j -I . -MD -o out lib >"build.$j" 2>&1
    echo "exit $?" >> "build.$j"
    mv out "out$j"
done
ok "build -MD, -j2 = -j1" "diff -r out1 out2 >/dev/null && cmp -s build.1 build.2"
ok "build -MD, -j8 = -j1" "diff -r out1 out8 >/dev/null && cmp -s build.1 build.8"
ok "build -MD wrote dependency files" "ls out1/*.d >/dev/null 2>&1"

# --- -j values
"${smmc[@]}" compile -j0 --emit none -I . lib/f1.smm >/dev/null 2>"$tmp/e"; rc=$?
ok "-j0 is a usage error" "[ $rc = 2 ] && grep -q 'expects a number of threads' '$tmp/e'"
"${smmc[@]}" compile --jobs=x --emit none -I . lib/f1.smm >/dev/null 2>&1; rc=$?
ok "--jobs=x is a usage error" "[ $rc = 2 ]"
"${smmc[@]}" compile --jobs 64 --emit none -I . lib/f1.smm >/dev/null 2>&1; rc=$?
ok "--jobs 64 is capped, not refused" "[ $rc = 0 ]"
SMM_JOBS=banana "${smmc[@]}" compile --emit none -I . lib/f1.smm >/dev/null 2>&1; rc=$?
ok "a bad SMM_JOBS is ignored" "[ $rc = 0 ]"

echo "parallel: $pass passed, $fail failed"
[ "$fail" = 0 ]
