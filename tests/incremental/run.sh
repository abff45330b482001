#!/usr/bin/env bash
# The differential test of incremental analysis (tests/incremental/incr.c):
# random edit sequences on generated libraries, each analysis of the
# long-lived session compared with a new session's.  Builds nothing: the
# programs come from `make incr-bins` (tests/run-all.sh runs it) in the
# build directory of $SMMC (default build/).
#
#   INCR_STEPS=N        steps per library (default 300; 20 under valgrind)
#   SMM_EXPECT_REUSE=0  do not require the reuse of unchanged profiles and
#                       models (the scenario in edits.c; required by default)
#
# Prints "incremental: N passed, M failed" (one test per library).
set -u
cd "$(dirname "$0")/../.."
smmc=${SMMC:-build/smmc}
wrap=""
case "$smmc" in
*valgrind*) wrap=${smmc% *} ;; # the wrapper run-all.sh puts before the binary
esac
B=$(dirname "${smmc##* }")
incr=$B/tests/incr gen=$B/tests/bench-gen
if [ ! -x "$incr" ] || [ ! -x "$gen" ]; then
    echo "FAIL incremental: $incr or $gen missing (make incr-bins)"
    echo "incremental: 0 passed, 1 failed"
    exit 1
fi
steps=${INCR_STEPS:-$([ -n "$wrap" ] && echo 20 || echo 300)}
export SMM_EXPECT_REUSE=${SMM_EXPECT_REUSE:-1}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# name, seed, generator options: trees (deep chains, diamonds across
# trees) over two files, bushy families over two (seed 12 once found
# ambiguities that a query reported in a new session only), a one-file
# library.
# A name ending in "-j4" analyses with 4 threads (the profiles not kept
# are validated in parallel, beside kept ones; both sessions alike).
libs=("trees 11 -n 150 -d 8" "bushy 12 -n 200 -d 6 -b" "small 13 -n 60 -d 5" "bushy-j4 14 -n 200 -d 6 -b")
for spec in "${libs[@]}"; do
    set -- $spec
    name=$1 seed=$2
    shift 2
    "$gen" "$@" -s "$seed" -o "$tmp/$name" >/dev/null || { echo "FAIL incremental: bench-gen $*"; exit 1; }
done

# two at a time
run() { # name seed
    local jobs=1
    case "$1" in *-j4) jobs=4 ;; esac
    INCR_JOBS=$jobs $wrap "$incr" "$2" "$steps" stdlib "$tmp/$1" >"$tmp/$1.log" 2>&1
    echo $? >"$tmp/$1.rc"
}
pids=()
for spec in "${libs[@]}"; do
    set -- $spec
    run "$1" "$2" &
    pids+=($!)
    if [ ${#pids[@]} -ge 2 ]; then
        wait "${pids[0]}"
        pids=("${pids[@]:1}")
    fi
done
wait

pass=0 fail=0
for spec in "${libs[@]}"; do
    set -- $spec
    if [ "$(cat "$tmp/$1.rc")" = 0 ]; then
        pass=$((pass + 1))
        grep '^incr: seed' "$tmp/$1.log"
    else
        fail=$((fail + 1))
        echo "FAIL incremental: $1 library (bench-gen ${*:3} -s $2), seed $2, $steps steps:"
        head -c 20000 "$tmp/$1.log"
    fi
done
echo "incremental: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
