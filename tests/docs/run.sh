#!/usr/bin/env bash
# The documentation agrees with the tool:
#
#  1. the man page docs/smmc.1 renders with `man -l` (NAME, SYNOPSIS, EXIT
#     STATUS present) and `groff -man -ww -z` prints no warning;
#  2. every command of tool.md §1 has a section in docs/cli.md and in the
#     man page;
#  3. every option printed by `smmc CMD --help` is documented in that
#     command's section of docs/cli.md and in the man page;
#  4. the bash completion script loads, registers `complete -p smmc`, and
#     completes `smmc ch<TAB>` and `smmc compile --emit <TAB>`;
#  5. docs/tutorial.md runs: every ```sh block, in order, in one scratch
#     directory, must exit 0 (or N for a block fenced ```sh exit=N); a
#     ```text output block right after it must equal what the block printed
#     (stdout and stderr). Blocks fenced ```sh norun are not run.
#
# UPDATE=1 rewrites the ```text output blocks of docs/tutorial.md with what
# the blocks print now (review the diff), like tests/run-golden.sh.
# The last line is "docs: N passed, M failed"; the exit status is 1 on failure.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
SMMC=${SMMC:-$root/build/smmc}
pass=0 fail=0
ok()  { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL docs: $*"; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cd "$root" || exit 1
man_page=docs/smmc.1
cli_md=docs/cli.md
completion=scripts/smmc.bash-completion
tutorial=docs/tutorial.md

# ---------------------------------------------------------------- 1. man page
if [ ! -f "$man_page" ]; then
    bad "$man_page is missing"
else
    if command -v man >/dev/null 2>&1; then
        if MANWIDTH=80 man -l "$man_page" >"$tmp/man.txt" 2>"$tmp/man.err"; then ok; else bad "man -l $man_page failed: $(head -3 "$tmp/man.err")"; fi
        # warnings from the page (not about the host's locale) are failures
        if grep -vi 'locale' "$tmp/man.err" | grep -q .; then bad "man -l $man_page printed: $(head -3 "$tmp/man.err")"; else ok; fi
        for section in NAME SYNOPSIS "EXIT STATUS"; do
            if grep -q "^$section\$" "$tmp/man.txt"; then ok; else bad "man page has no $section section"; fi
        done
    else
        bad "man is not installed (scripts/install-deps installs man-db)"
    fi
    if command -v groff >/dev/null 2>&1; then
        if groff -man -Tutf8 -ww -z "$man_page" >"$tmp/groff.err" 2>&1 && [ ! -s "$tmp/groff.err" ]; then ok
        else bad "groff -man -ww -z $man_page warns:"; sed 's/^/    /' "$tmp/groff.err" | head -10; fi
    else
        bad "groff is not installed (scripts/install-deps installs groff-base)"
    fi
fi
# The man page's text with roff escapes for '-' undone, for the checks below.
man_src=$tmp/man.src
sed -e 's/\\-/-/g' -e 's/\\(em/--/g' "$man_page" >"$man_src" 2>/dev/null || : >"$man_src"

# ---------------------------------------------------------------- 2. commands
# tool.md §1 is the contract; without it (a clone on its own) use its list.
spec=$root/../shared/spec/tool.md
if [ -f "$spec" ]; then
    commands=$(awk '/^## 1\./{f=1; next} /^## /{f=0} f && /^\| `smmc /{sub(/^\| `smmc /, ""); sub(/[ `].*/, ""); print}' "$spec" | sort -u)
else
    commands="build check compile diff explain fmt report test"
fi
[ -n "$commands" ] || bad "no commands found in $spec"
section() { # the text of "## smmc CMD" in docs/cli.md, up to the next "## "
    awk -v cmd="$1" '$0 ~ "^## `?smmc " cmd "([ `]|$)" {f=1; next} /^## /{f=0} f' "$cli_md"
}
for cmd in $commands help; do
    if [ -f "$cli_md" ] && grep -Eq "^## \`?smmc $cmd([ \`]|\$)" "$cli_md"; then ok; else bad "$cli_md has no section '## smmc $cmd'"; fi
    if grep -Eq "^\.SS \"?smmc $cmd([ \"]|\$)" "$man_src"; then ok; else bad "$man_page has no .SS \"smmc $cmd\" subsection"; fi
done

# ---------------------------------------------------------------- 3. options
for cmd in $commands; do
    $SMMC "$cmd" --help >"$tmp/help" 2>&1
    rc=$?
    if [ $rc -ne 0 ]; then bad "smmc $cmd --help exited $rc"; continue; fi
    section "$cmd" >"$tmp/section"
    # every option word in the option column of the help (the text before
    # the first double space): --long, -MD, -fmax-errors
    opts=$(sed -n '/^options:/,/^$/p' "$tmp/help" | sed -nE 's/^  (-[^ ]*( [^ ]+)*)( {2,}.*)?$/\1/p' |
           grep -oE '(^|[ ,])(--[a-z][a-z-]*|-MD|-fmax-errors)' | sed 's/^[ ,]*//' | sort -u)
    for opt in $opts; do
        if grep -qF -- "$opt" "$tmp/section"; then ok; else bad "smmc $cmd --help has $opt; the '## smmc $cmd' section of $cli_md does not"; fi
        if grep -qF -- "$opt" "$man_src"; then ok; else bad "smmc $cmd --help has $opt; $man_page does not"; fi
    done
done

# ---------------------------------------------------------------- 4. completion
if [ ! -f "$completion" ]; then
    bad "$completion is missing"
else
    # Run in a clean bash: source the script, then complete two command lines.
    # profiles of the files in the current directory or on the command line
    mkdir -p "$tmp/compl"
    printf 'profile acme.gateway "G" model iic.smm {\n}\n  profile acme.pump "P" model iic.smm { }\n' >"$tmp/compl/site.smm"
    printf 'profile other.one "O" model iic.smm {\n}\n' >"$tmp/compl/other.smm"
    # shellcheck disable=SC2016
    out=$(bash --norc --noprofile -c '
        source "$1" || exit 3
        complete -p smmc >/dev/null 2>&1 || { echo "no complete -p smmc"; exit 4; }
        fn=$(complete -p smmc | sed -n "s/.*-F \([^ ]*\).*/\1/p")
        [ -n "$fn" ] || { echo "complete -p smmc names no function"; exit 5; }
        run() { COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
                COMPREPLY=(); "$fn" smmc "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
                printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " "; echo; }
        echo "A: $(run smmc ch)"
        echo "B: $(run smmc compile --emit "")"
        echo "C: $(run smmc check -Werror=ga)"
        echo "D: $(run smmc check --format "")"
        cd "$2" || exit 6
        echo "E: $(run smmc compile --profile acme.)"
        echo "F: $(run smmc compile other.smm --profile "")"
        echo "G: $(run smmc explain acme.g)"
    ' _ "$root/$completion" "$tmp/compl" 2>&1)
    rc=$?
    if [ $rc -eq 0 ]; then ok; else bad "sourcing $completion: exit $rc: $out"; fi
    if grep -qx 'A: check ' <<<"$out"; then ok; else bad "completion of 'smmc ch': $(grep '^A:' <<<"$out")"; fi
    if grep -qx 'B: json none oscal-catalog oscal-profile xml ' <<<"$out"; then ok; else bad "completion of 'smmc compile --emit ': $(grep '^B:' <<<"$out")"; fi
    if grep -qx 'C: -Werror=gap ' <<<"$out"; then ok; else bad "completion of 'smmc check -Werror=ga': $(grep '^C:' <<<"$out")"; fi
    if grep -qx 'D: csv github json junit oscal sarif text ' <<<"$out"; then ok; else bad "completion of 'smmc check --format ': $(grep '^D:' <<<"$out")"; fi
    if grep -qx 'E: acme.gateway acme.pump ' <<<"$out"; then ok; else bad "completion of 'smmc compile --profile acme.' in a directory of .smm files: $(grep '^E:' <<<"$out")"; fi
    if grep -q '^F: .* other.one ' <<<"$out" && ! grep -q '^F: .*acme.gateway' <<<"$out" && grep -q '^F: .*iiot.baseline' <<<"$out"; then ok
    else bad "completion of 'smmc compile other.smm --profile ': the stdlib's and other.smm's profiles expected: $(grep '^F:' <<<"$out")"; fi
    if grep -qx 'G: acme.gateway ' <<<"$out"; then ok; else bad "completion of 'smmc explain acme.g': $(grep '^G:' <<<"$out")"; fi
    # every diagnostic name -W accepts is in the completion's table
    for name in $(sed -n 's/^DIAG([^,]*, *"[^"]*", *"\([^"]*\)", *[A-Z_]*, *\([A-Z_0]*\),.*/\1 \2/p' compiler/diagnostics.def | awk '$2 != "DF_HARD" {print $1}'); do
        if grep -qw -- "$name" "$completion"; then ok; else bad "$completion does not list the diagnostic '$name'"; fi
    done
fi

# ---------------------------------------------------------------- 5. tutorial
if [ ! -f "$tutorial" ]; then
    bad "$tutorial is missing"
else
    blocks=$tmp/blocks; mkdir -p "$blocks"
    # block files: N.meta ("LANG ATTRS"), N.body
    awk -v dir="$blocks" '
        /^```/ && !f { f = 1; n++; info = substr($0, 4); print info > (dir "/" n ".meta"); close(dir "/" n ".meta");
                       printf "" > (dir "/" n ".body"); next }
        /^```/ && f  { f = 0; close(dir "/" n ".body"); next }
        f            { print >> (dir "/" n ".body") }
        END          { print n + 0 > (dir "/count") }' "$tutorial"
    nblocks=$(cat "$blocks/count")
    work=$tmp/work; bin=$tmp/bin; mkdir -p "$work" "$bin"
    # `smmc` on PATH runs the binary under test (with $SMMC's wrapper, if any)
    printf '#!/bin/sh\nexec %s "$@"\n' "$SMMC" >"$bin/smmc"; chmod +x "$bin/smmc"
    cwd=$work last_out="" last_block=0 skipped=0
    for ((i = 1; i <= nblocks; i++)); do
        read -r lang attrs <"$blocks/$i.meta" || lang=""
        case "$lang" in
        sh)
            case " $attrs " in *" norun "*) continue ;; esac
            expect=0
            case " $attrs " in *" exit="*) expect=$(sed -E 's/.*exit=([0-9]+).*/\1/' <<<"$attrs") ;; esac
            last_block=$i last_out=$blocks/$i.out
            if grep -qE '(^|[|;&( ])jq ' "$blocks/$i.body" && ! command -v jq >/dev/null 2>&1; then
                skipped=$((skipped + 1)); last_out=""; continue
            fi
            (cd "$cwd" && env PATH="$bin:$PATH" SMM_STDLIB="$root/stdlib" NO_COLOR=1 \
                bash -e -o pipefail -c "$(cat "$blocks/$i.body")
pwd > '$tmp/cwd'") >"$last_out" 2>&1
            rc=$?
            [ -f "$tmp/cwd" ] && cwd=$(cat "$tmp/cwd") && rm -f "$tmp/cwd"
            sed -i -e "s|$root/stdlib|\$STDLIB|g" -e "s|$work/||g" -e "s|$work|.|g" "$last_out"
            line=$(grep -n '^```' "$tutorial" | sed -n "$((2 * i - 1))p" | cut -d: -f1)
            if [ "$rc" -eq "$expect" ]; then ok; else
                bad "$tutorial:$line: sh block $i exited $rc, expected $expect"; sed 's/^/    /' "$last_out" | head -20
                last_out=""   # not a trustworthy output: neither compared nor written by UPDATE=1
            fi
            ;;
        text)
            case " $attrs " in *" output "*) ;; *) continue ;; esac
            line=$(grep -n '^```' "$tutorial" | sed -n "$((2 * i - 1))p" | cut -d: -f1)
            if [ "$last_block" -ne $((i - 1)) ]; then
                bad "$tutorial:$line: a \`\`\`text output block must follow a \`\`\`sh block"; continue
            fi
            [ -n "$last_out" ] || continue   # its block was skipped or failed
            if [ "${UPDATE:-}" = 1 ]; then cp "$last_out" "$blocks/$i.new"; ok
            elif cmp -s "$last_out" "$blocks/$i.body"; then ok
            else bad "$tutorial:$line: output differs from what block $((i - 1)) prints (UPDATE=1 rewrites it):"
                 diff "$blocks/$i.body" "$last_out" | sed 's/^/    /' | head -20
            fi
            ;;
        esac
    done
    [ "$skipped" -gt 0 ] && echo "docs: $skipped tutorial block(s) skipped: jq is not installed"
    if [ "${UPDATE:-}" = 1 ]; then
        awk -v dir="$blocks" '
            /^```/ && !f { f = 1; n++; print; new = dir "/" n ".new"
                           r = (getline l < new); repl = r >= 0
                           if (r > 0) { print l; while ((getline l < new) > 0) print l }
                           if (repl) close(new)
                           next }
            /^```/ && f  { f = 0; print; next }
            f && repl    { next }
                         { print }' "$tutorial" >"$tmp/tutorial.md" && cat "$tmp/tutorial.md" >"$tutorial"
        echo "docs: rewrote the output blocks of $tutorial"
    fi
fi

# ---------------------------------------------------------------- 6. links
# Relative links in these pages lead to files that exist, and #anchors to a
# heading (GitHub's slug) or an id="..." of the target page.
anchors() { # file -> one anchor per line
    sed -n 's/^#\{1,6\} \(.*\)$/\1/p' "$1" | tr 'A-Z' 'a-z' | sed -e 's/[^a-z0-9 _-]//g' -e 's/ /-/g'
    grep -o 'id="[^"]*"' "$1" | sed 's/id="\(.*\)"/\1/'
}
for page in "$tutorial" docs/authoring.md "$cli_md" docs/reports.md docs/gating.md; do
    [ -f "$page" ] || continue
    # links outside code blocks
    for link in $(awk '/^```/{f=!f; next} !f' "$page" | grep -oE '\]\([^) ]+\)' | sed -E 's/^\]\((.*)\)$/\1/' | grep -vE '^(https?|mailto):' | sort -u); do
        file=${link%%#*} anchor=""
        case $link in *'#'*) anchor=${link#*#} ;; esac
        target=$page
        [ -n "$file" ] && target=$(dirname "$page")/$file
        if [ ! -e "$target" ]; then bad "$page links to $link: no file $target"; continue; fi
        if [ -n "$anchor" ] && [ -f "$target" ] && ! anchors "$target" | grep -qxF -- "$anchor"; then
            bad "$page links to $link: no heading or id '$anchor' in $target"; continue
        fi
        ok
    done
done

# ---------------------------------------------------------------- 7. README tour
# The tour's commands write under out/ (git-ignored), never into the root.
if grep -qx '/out/' .gitignore; then ok; else bad ".gitignore does not ignore /out/"; fi
tour_outputs=$(awk '/^```sh/{f=1; next} /^```/{f=0} f' README.md | grep -oE '(^| )(-o|--output[= ]) *[^ ]+' | sed -E 's/^ ?(-o|--output[= ]) *//')
[ -n "$tour_outputs" ] || bad "README.md: no -o in its sh blocks (the check below found nothing)"
for o in $tour_outputs; do
    case $o in out/*|demo-out/*|/tmp/*|-) ok ;; *) bad "README.md's tour writes $o outside out/" ;; esac
done

# ---------------------------------------------------------------- 8. smmc check --help
# Gap semantics are §10 of docs/language.md; the help must send readers there.
sec=$(grep -oE '§[0-9]+' <<<"$($SMMC check --help 2>&1 | tr '\n' ' ' | grep -oE 'docs/language.md §[0-9]+')")
if [ "$sec" = "§$(sed -n 's/^## \([0-9]*\)\. Gap semantics.*/\1/p' docs/language.md)" ]; then ok
else bad "smmc check --help names gap semantics as docs/language.md ${sec:-(no section)}; docs/language.md has them elsewhere"; fi

echo "docs: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
