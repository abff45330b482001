#!/usr/bin/env bash
# The thread suite (tests/parallel/run.sh, which includes the golden suite
# with 1 and 8 threads) under ThreadSanitizer: any data race between the
# parsing and validation threads makes smmc exit 66 and fails a check.
# Builds build-tsan/ first.  A kernel on which ThreadSanitizer cannot start
# at all is reported and skipped, not counted as a pass.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
B=${TSAN_BUILD:-build-tsan}
# the build's errors go into the build directory, never the source tree
mkdir -p "$root/$B"
log="$root/$B/tsan-build.log"
if ! make -s -C "$root" B="$B" OPT="-O1 -g" SAN="-fsanitize=thread" all >/dev/null 2>"$log"; then
    echo "FAIL tsan: the ThreadSanitizer build failed (see $B/tsan-build.log)"
    echo "tsan: 0 passed, 1 failed"
    exit 1
fi
rm -f "$log"
if ! "$root/$B/smmc" --version >/dev/null 2>&1; then
    echo "tsan: skipped: ThreadSanitizer cannot run on this kernel"
    echo "tsan: 0 passed, 0 failed"
    exit 0
fi
# atexit_sleep_ms=0: ThreadSanitizer otherwise sleeps a second at the exit
# of every process that started threads (to catch races with threads still
# running then; the pool joins its threads before exit), which made this
# suite four minutes of sleeping
export TSAN_OPTIONS="halt_on_error=1 exitcode=66 atexit_sleep_ms=0 ${TSAN_OPTIONS:-}"
GEN_PROFILES=400 GOLDEN_JOBS=8 SMMC="$root/$B/smmc" bash "$root/tests/parallel/run.sh" 2>&1 | sed 's/^FAIL parallel/FAIL tsan/; s/^parallel:/tsan:/'
exit "${PIPESTATUS[0]}"
