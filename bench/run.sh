#!/usr/bin/env bash
# bench/run.sh SMMC — the scaling benchmark behind `make bench`.
#
# Builds the library generator (bench/gen.c) and a tiny timer (bench/measure.c),
# generates synthetic profile libraries (cached under build/bench-data/, keyed
# by N, depth, seed and a checksum of gen.c), times `SMMC compile` on them and
# prints a table plus the performance goals marked PASS or MISS.  See
# bench/README.md for what is measured and how to read the output.
#
# A MISS never fails the run: speed lives here, not in the tests.  The exit
# status is non-zero only when smmc itself fails (non-zero exit) on generated
# input, or when the tooling cannot be built — a bug to report.
#
# Environment (all optional):
#   BENCH_SIZES   library sizes for the main table     (default "1000 10000 50000")
#   BENCH_MODES   --emit modes for the main table      (default "none json xml")
#   BENCH_RUNS    runs per configuration               (default 5, 3 for N >= 50000)
#   BENCH_EXTRA   0 skips the depth and scaling tests  (default 1)
#   BENCH_BUSHY_MODES  --emit modes for the bushy-families table (default "none"; "" skips it)
#   BENCH_IR_N    N of the IR size and cost table, both libraries (default 10000; "" skips it)
#   BENCH_CALLGRIND  1: also count instructions (valgrind) of --emit none/json -j1 at N=1000
#   BENCH_SEED    generator seed                       (default 20260101)
#   BENCH_LSP     0 skips the language server's latency (bench/lsp.py)
#   BENCH_LSP_RUNS  runs of each LSP measurement       (default 30)
#   CC            C compiler for the two helpers       (default cc)
set -u

if [ $# -ne 1 ]; then
    echo "usage: bench/run.sh SMMC" >&2
    exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
smmc=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
stdlib=$root/stdlib
build=$root/build
data=$build/bench-data
cc=${CC:-cc}
sizes=${BENCH_SIZES:-1000 10000 50000}
modes=${BENCH_MODES:-none json xml}
seed=${BENCH_SEED:-20260101}
extra=${BENCH_EXTRA:-1}
bushy_modes=${BENCH_BUSHY_MODES-none}
ir_n=${BENCH_IR_N-10000}

if [ ! -x "$smmc" ]; then
    echo "bench: '$1' is not an executable (run 'make' first)" >&2
    exit 2
fi
mkdir -p "$data"

# ------------------------------------------------------------------ helpers
gen=$build/bench-gen
measure=$build/bench-measure
build_tool() { # SRC OUT
    if [ ! -x "$2" ] || [ "$1" -nt "$2" ]; then
        "$cc" -O2 -std=c11 -Wall -o "$2" "$1" || { echo "bench: cannot build $2" >&2; exit 2; }
    fi
}
build_tool "$here/gen.c" "$gen"
build_tool "$here/measure.c" "$measure"
genkey=$(cksum < "$here/gen.c" | cut -d' ' -f1)

# dataset N DEPTH [-b] -> prints the directory (generating it unless cached)
dataset() {
    local dir=$data/n$1-d$2-s$seed${3:+-b}-g$genkey
    if [ ! -f "$dir/report.txt" ]; then
        rm -rf "$dir" "$dir.tmp"
        echo "bench: generating N=$1 depth=$2 ${3:+bushy }..." >&2
        "$gen" -n "$1" -d "$2" -s "$seed" ${3:-} -o "$dir.tmp" > /dev/null || { echo "bench: generator failed" >&2; exit 2; }
        mv "$dir.tmp" "$dir"
    fi
    echo "$dir"
}
# drop datasets of older generator versions
for d in "$data"/n*-d*-s*-g*; do
    [ -d "$d" ] || continue
    case "$d" in *-g$genkey) ;; *) rm -rf "$d" ;; esac
done
for d in "$data"/longline-g*; do
    [ -d "$d" ] || continue
    case "$d" in *-g$genkey) ;; *) rm -rf "$d" ;; esac
done

report_value() { sed -n "s/^$2=//p" "$1/report.txt"; }

failures=0
# run_config DIR MODE RUNS -> sets med_s, med_cpu, med_rss_kb, out_bytes
run_config() {
    local dir=$1 mode=$2 runs=$3 r line wall rss rc cpu size
    local out=$data/out.$mode log=$data/log.txt
    local -a walls=() rsss=() cpus=()
    out_bytes=0
    local args=(compile --stdlib "$stdlib" --emit "$mode")
    [ "$mode" != none ] && args+=(-o "$out")
    for ((r = 0; r < runs; r++)); do
        line=$(cd "$dir" && "$measure" -l "$log" -- "$smmc" "${args[@]}" all.smm)
        read -r wall rss rc cpu <<< "$line"
        if [ "$rc" != 0 ]; then
            echo "bench: FAILURE: smmc exited with status $rc on $dir (--emit $mode):" >&2
            tail -n 20 "$log" >&2
            failures=$((failures + 1))
        elif [ -s "$log" ]; then
            echo "bench: note: smmc printed diagnostics on $dir (--emit $mode):" >&2
            head -n 5 "$log" >&2
        fi
        if [ "$mode" != none ] && [ -f "$out" ]; then
            size=$(stat -c %s "$out")
            out_bytes=$size
            rm -f "$out"
        fi
        walls+=("$wall")
        rsss+=("$rss")
        cpus+=("$cpu")
    done
    med_s=$(printf '%s\n' "${walls[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    med_rss_kb=$(printf '%s\n' "${rsss[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    med_cpu=$(printf '%s\n' "${cpus[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
}

runs_for() { # N
    if [ -n "${BENCH_RUNS:-}" ]; then echo "$BENCH_RUNS"; elif [ "$1" -ge 50000 ]; then echo 3; else echo 5; fi
}

warm() { # DIR: read the inputs once so every timed run sees a warm page cache
    (cd "$1" && "$smmc" compile --stdlib "$stdlib" --emit none all.smm > /dev/null 2>&1)
}

declare -A T C RSS OUT BT BC BRSS SRC
loadavg() { cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?"; }
printf '\nsmmc scaling benchmark  (%s, %s cores, %s, load average %s)\n' "$(basename "$smmc")" \
    "$(nproc 2>/dev/null || echo ?)" "$(date -u +%Y-%m-%dT%H:%MZ)" "$(loadavg)"
printf 'generated libraries: depth 32, seed %s, ~570 source bytes and ~11.2 default variants per profile\n\n' "$seed"
hdr='%7s  %-5s %9s %8s %9s %9s %11s %12s %8s %5s\n'
printf "$hdr" N mode "median s" "cpu s" "src MB/s" "out MB/s" "profiles/s" "variants/s" "RSS MB" runs
printf "$hdr" ------- ----- --------- -------- --------- --------- ----------- ------------ -------- -----
for n in $sizes; do
    dir=$(dataset "$n" 32)
    src=$(report_value "$dir" lib_bytes)
    SRC[$n]=$src
    variants=$(report_value "$dir" variants)
    warm "$dir"
    checked=
    for mode in $modes; do
        runs=$(runs_for "$n")
        run_config "$dir" "$mode" "$runs"
        T[$n,$mode]=$med_s
        C[$n,$mode]=$med_cpu
        RSS[$n,$mode]=$med_rss_kb
        OUT[$n,$mode]=$out_bytes
        awk -v n="$n" -v m="$mode" -v t="$med_s" -v c="$med_cpu" -v src="$src" -v out="$out_bytes" \
            -v v="$variants" -v rss="$med_rss_kb" -v runs="$runs" -v fmt="$hdr" 'BEGIN {
                outs = m == "none" ? "-" : sprintf("%.1f", out / 1e6 / t);
                printf fmt, n, m, sprintf("%.3f", t), sprintf("%.3f", c), sprintf("%.1f", src / 1e6 / t), outs,
                       sprintf("%.0f", n / t), sprintf("%.0f", v / t), sprintf("%.1f", rss * 1024 / 1e6), runs
            }'
        # once per size (small ones): the number of targets in the JSON
        # output must be the generator's variant count
        if [ "$mode" = json ] && [ -z "$checked" ] && [ "$n" -le 10000 ]; then
            checked=1
            (cd "$dir" && "$smmc" compile --stdlib "$stdlib" --emit json -o "$data/count.json" all.smm 2> /dev/null)
            got=$(grep -c '^{"profile"' "$data/count.json" 2> /dev/null || echo 0)
            rm -f "$data/count.json"
            [ "$got" = "$variants" ] || echo "bench: note: N=$n: JSON has $got targets, the generator counted $variants" >&2
        fi
    done
done

# the second library: bushy families (bench-gen -b), the shape of an
# independent library that once cost 5x the memory and time of the first
if [ -n "$bushy_modes" ]; then
    printf '\nbushy families (bench-gen -b: families of 100, each member one level below a random member\n'
    printf 'of the level above; ~10%% second parents from other families restating what they disagree on)\n\n'
    printf "$hdr" N mode "median s" "cpu s" "src MB/s" "out MB/s" "profiles/s" "variants/s" "RSS MB" runs
    printf "$hdr" ------- ----- --------- -------- --------- --------- ----------- ------------ -------- -----
    for n in $sizes; do
        dir=$(dataset "$n" 32 -b)
        src=$(report_value "$dir" lib_bytes)
        SRC[b$n]=$src
        variants=$(report_value "$dir" variants)
        warm "$dir"
        for mode in $bushy_modes; do
            runs=$(runs_for "$n")
            run_config "$dir" "$mode" "$runs"
            BT[$n,$mode]=$med_s
            BC[$n,$mode]=$med_cpu
            BRSS[$n,$mode]=$med_rss_kb
            awk -v n="$n" -v m="$mode" -v t="$med_s" -v c="$med_cpu" -v src="$src" -v out="$out_bytes" \
                -v v="$variants" -v rss="$med_rss_kb" -v runs="$runs" -v fmt="$hdr" 'BEGIN {
                    outs = m == "none" ? "-" : sprintf("%.1f", out / 1e6 / t);
                    printf fmt, n, m, sprintf("%.3f", t), sprintf("%.3f", c), sprintf("%.1f", src / 1e6 / t), outs,
                           sprintf("%.0f", n / t), sprintf("%.0f", v / t), sprintf("%.1f", rss * 1024 / 1e6), runs
                }'
        done
    done
    printf '  (%s source bytes, %s variants and mean linearization %s per profile at the largest N; %s settings restated per two-parent profile)\n' \
        "$(report_value "$dir" bytes_per_profile)" "$(report_value "$dir" variants_per_profile)" \
        "$(report_value "$dir" mean_linearization)" "$(report_value "$dir" restated_per_diamond)"
fi

# IR revision 2: size per variant and cost against --emit none, on both
# libraries (the bytes per variant hardly depend on N: only the digits of
# the settings indices grow)
declare -A IRJ IRX IRT IRN IRTC IRNC
if [ -n "$ir_n" ]; then
    printf '\nIR size and cost (--provenance full, N=%s, %s runs; "json/none" is the ratio of the median wall times)\n\n' \
        "$ir_n" "$(runs_for "$ir_n")"
    irhdr='%-6s %10s %16s %15s %9s %9s %10s %14s\n'
    printf "$irhdr" library variants "json KiB/variant" "xml KiB/variant" "json s" "none s" "json/none" "cpu json/none"
    printf "$irhdr" ------ ---------- ---------------- --------------- --------- --------- ---------- --------------
    for lib in trees bushy; do
        dir=$(dataset "$ir_n" 32 $([ $lib = bushy ] && echo -b))
        variants=$(report_value "$dir" variants)
        warm "$dir"
        runs=$(runs_for "$ir_n")
        run_config "$dir" none "$runs"; IRN[$lib]=$med_s IRNC[$lib]=$med_cpu
        run_config "$dir" json "$runs"; IRT[$lib]=$med_s IRTC[$lib]=$med_cpu
        IRJ[$lib]=$(awk -v b="$out_bytes" -v v="$variants" 'BEGIN { printf "%.2f", b / v / 1024 }')
        run_config "$dir" xml 1
        IRX[$lib]=$(awk -v b="$out_bytes" -v v="$variants" 'BEGIN { printf "%.2f", b / v / 1024 }')
        printf "$irhdr" "$lib" "$variants" "${IRJ[$lib]}" "${IRX[$lib]}" "${IRT[$lib]}" "${IRN[$lib]}" \
            "$(awk -v a="${IRT[$lib]}" -v b="${IRN[$lib]}" 'BEGIN { printf "%.1fx", a / b }')" \
            "$(awk -v a="${IRTC[$lib]}" -v b="${IRNC[$lib]}" 'BEGIN { printf "%.1fx", a / b }')"
    done
fi
if [ "${BENCH_CALLGRIND:-}" = 1 ] && command -v valgrind > /dev/null; then
    printf '\ninstructions (valgrind --tool=callgrind, -j1, N=1000; reproducible on a busy machine)\n'
    for lib in trees bushy; do
        dir=$(dataset 1000 32 $([ $lib = bushy ] && echo -b))
        for mode in none json xml; do
            ir=$(cd "$dir" && valgrind --tool=callgrind --callgrind-out-file=/dev/null "$smmc" compile -j1 \
                     --stdlib "$stdlib" --emit "$mode" -o "$data/out.cg" all.smm 2>&1 |
                 sed -n 's/.*Collected : \([0-9]*\).*/\1/p')
            rm -f "$data/out.cg"
            printf '  %-6s --emit %-5s %6.0f M\n' "$lib" "$mode" "$(awk -v i="${ir:-0}" 'BEGIN { print i / 1e6 }')"
        done
    done
fi

# 50 000 diagnostics on one line (-fmax-errors=0)
longline=$data/longline-g$genkey.smm
if [ ! -f "$longline" ]; then
    awk 'BEGIN {
        print "model m \"M\" { dimension d { domain o { practice x practice y } } }"
        printf "profile p model m {"
        for (i = 0; i < 50000; i++) printf " zz%d = 1", i
        print " }"
    }' > "$longline"
fi
ll_walls=()
for r in 1 2 3 4 5; do
    line=$("$measure" -- "$smmc" compile --stdlib "$stdlib" --emit none -fmax-errors=0 "$longline")
    read -r wall rss rc cpu <<< "$line"
    [ "$rc" = 1 ] || { echo "bench: FAILURE: smmc exited with status $rc on $longline (expected 1)" >&2; failures=$((failures + 1)); }
    ll_walls+=("$wall")
done
ll_s=$(printf '%s\n' "${ll_walls[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
printf '\n50000 diagnostics on one line (-fmax-errors=0, 5 runs): %.3f s\n' "$ll_s"

if [ "$extra" != 0 ]; then
    printf '\ndepth and scaling (--emit none, 5 runs each)\n'
    d8=$(dataset 10000 8)
    d128=$(dataset 10000 128)
    warm "$d8"
    run_config "$d8" none 5
    t8=$med_s c8=$med_cpu
    warm "$d128"
    run_config "$d128" none 5
    t128=$med_s c128=$med_cpu
    printf '  N=10000 depth   8: %.3f s (cpu %.3f s; mean linearization %s, %s variants)\n' "$t8" "$c8" \
        "$(report_value "$d8" mean_linearization)" "$(report_value "$d8" variants)"
    printf '  N=10000 depth 128: %.3f s (cpu %.3f s; mean linearization %s, %s variants)\n' "$t128" "$c128" \
        "$(report_value "$d128" mean_linearization)" "$(report_value "$d128" variants)"
    depth_ratio=$(awk -v a="$t128" -v b="$t8" 'BEGIN { printf "%.2f", a / b }')
    printf '  depth 128 / depth 8: %s (cpu %s)\n' "$depth_ratio" "$(awk -v a="$c128" -v b="$c8" 'BEGIN { printf "%.2f", a / b }')"
    if [ -n "${T[50000,none]:-}" ]; then
        d5=$(dataset 5000 32)
        warm "$d5"
        run_config "$d5" none 5
        t5=$med_s c5=$med_cpu
        scale_ratio=$(awk -v a="${T[50000,none]}" -v b="$t5" 'BEGIN { printf "%.2f", (a / 50000) / (b / 5000) }')
        printf '  N=5000: %.3f s = %.1f us/profile; N=50000: %.3f s = %.1f us/profile; ratio %s (cpu %s)\n' \
            "$t5" "$(awk -v t="$t5" 'BEGIN { print t / 5000 * 1e6 }')" "${T[50000,none]}" \
            "$(awk -v t="${T[50000,none]}" 'BEGIN { print t / 50000 * 1e6 }')" "$scale_ratio" \
            "$(awk -v a="${C[50000,none]}" -v b="$c5" 'BEGIN { printf "%.2f", (a / 50000) / (b / 5000) }')"
    fi
fi

# ------------------------------------------------------------------ goals
printf '\ngoals (a MISS does not fail the run)\n'
goal() { # TEXT MEASURED OK(1/0)
    printf '  %-4s  %-52s measured %s\n' "$([ "$3" = 1 ] && echo PASS || echo MISS)" "$1" "$2"
}
le() { awk -v a="$1" -v b="$2" 'BEGIN { print (a <= b) ? 1 : 0 }'; }
ge() { awk -v a="$1" -v b="$2" 'BEGIN { print (a >= b) ? 1 : 0 }'; }
if [ -n "${T[50000,none]:-}" ]; then
    goal "N=50000 --emit none <= 0.75 s" "${T[50000,none]} s (cpu ${C[50000,none]} s)" "$(le "${T[50000,none]}" 0.75)"
    mb=$(awk -v k="${RSS[50000,none]}" 'BEGIN { printf "%.1f", k * 1024 / 1e6 }')
    goal "N=50000 --emit none peak RSS <= 300 MB" "$mb MB" "$(le "$mb" 300)"
    goal "N=50000 --emit none <= 0.451 s (0.41 s + 10 %)" "${T[50000,none]} s (cpu ${C[50000,none]} s)" \
        "$(le "${T[50000,none]}" 0.451)"
    x=$(awk -v k="${RSS[50000,none]}" -v b="${SRC[50000]}" 'BEGIN { printf "%.1f", k * 1024 / b }')
    goal "N=50000 --emit none peak RSS <= 10x source bytes" "${x}x" "$(le "$x" 10)"
fi
if [ -n "${BT[50000,none]:-}" ]; then
    goal "bushy N=50000 --emit none <= 0.492 s (1.2 x 0.41 s)" "${BT[50000,none]} s (cpu ${BC[50000,none]} s)" \
        "$(le "${BT[50000,none]}" 0.492)"
    x=$(awk -v k="${BRSS[50000,none]}" -v b="${SRC[b50000]}" 'BEGIN { printf "%.1f", k * 1024 / b }')
    goal "bushy N=50000 --emit none peak RSS <= 10x source bytes" "${x}x" "$(le "$x" 10)"
fi
goal "50000 diagnostics on one line <= 1 s" "$ll_s s" "$(le "$ll_s" 1)"
for lib in trees bushy; do
    [ -n "${IRJ[$lib]:-}" ] || continue
    goal "full-provenance JSON IR <= 3 KiB/variant ($lib, N=$ir_n)" "${IRJ[$lib]} KiB" "$(le "${IRJ[$lib]}" 3)"
    x=$(awk -v a="${IRT[$lib]}" -v b="${IRN[$lib]}" 'BEGIN { printf "%.1f", a / b }')
    goal "--emit json <= 10x --emit none ($lib, N=$ir_n)" "${x}x (${IRT[$lib]} s / ${IRN[$lib]} s; cpu ${IRTC[$lib]} s / ${IRNC[$lib]} s)" "$(le "$x" 10)"
done
largest=$(printf '%s\n' $sizes | sort -n | tail -n 1)
for mode in json xml; do
    if [ -n "${T[$largest,$mode]:-}" ]; then
        rate=$(awk -v b="${OUT[$largest,$mode]}" -v t="${T[$largest,$mode]}" 'BEGIN { printf "%.1f", b / 1e6 / t }')
        goal "IR output >= 50 MB/s (--emit $mode, N=$largest)" "$rate MB/s" "$(ge "$rate" 50)"
    fi
done
[ -n "${scale_ratio:-}" ] &&
    goal "per-profile time N=50000 <= 1.5x N=5000" "${scale_ratio}x" "$(le "$scale_ratio" 1.5)"
[ -n "${depth_ratio:-}" ] &&
    goal "depth 128 <= 1.5x depth 8 (N=10000)" "${depth_ratio}x" "$(le "$depth_ratio" 1.5)"
if [ -n "${T[1000,none]:-}" ]; then
    ms=$(awk -v t="${T[1000,none]}" 'BEGIN { printf "%.1f", t * 1000 }')
    goal "N=1000 --emit none <= 20 ms" "$ms ms (cpu $(awk -v t="${C[1000,none]}" 'BEGIN { printf "%.1f", t * 1000 }') ms)" "$(le "$ms" 20)"
fi

# the language server (issue #10): edit -> diagnostics, hover, completion on
# the N = 1 000 library (BENCH_LSP=0 skips it)
if [ "${BENCH_LSP:-1}" != 0 ]; then
    printf '\n'
    if command -v python3 >/dev/null 2>&1; then
        python3 "$here/lsp.py" "$smmc" "$(dataset 1000 32)" "$stdlib" || failures=$((failures + 1))
    else
        echo "bench: python3 is missing: the language server's latency is not measured"
    fi
fi

printf '\nload average at the end: %s (wall times include waiting for a CPU; cpu s does not)\n' "$(loadavg)"
if [ "$failures" -gt 0 ]; then
    echo "bench: smmc failed $failures time(s) on generated input: that is a bug" >&2
    exit 1
fi
exit 0
