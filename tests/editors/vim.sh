#!/usr/bin/env bash
# tests/editors/vim.sh — editors/vim under `vim -es` (no terminal, no user
# configuration): filetype detection, the syntax group of the tokens in
# vim-cases.txt, indentation (a formatted file with its indentation removed
# comes back as `smmc fmt` wrote it), the ftplugin's options, and the
# quickfix list `:compiler smmc` makes of smmc's diagnostics.
# Last line: "vim: N passed, M failed".
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
SMMC=${SMMC:-$root/build/smmc}
pass=0 fail=0
ok()  { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL vim: $*"; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# vim -es with editors/vim first on the runtimepath; SCRIPT runs, then quits
vimrun() {
    local script=$1; shift
    HOME=$tmp timeout 60 vim -es -N -u NONE -i NONE \
        --cmd "set rtp^=$root/editors/vim" --cmd 'filetype plugin indent on' --cmd 'syntax on' \
        "$@" -S "$script" -c 'qa!' </dev/null >/dev/null 2>&1
}

# ---------------------------------------------------------------- filetype, ftplugin
cat >"$tmp/ft.vim" <<'VIM'
let out = [&filetype, &commentstring, &formatprg, &shiftwidth, &expandtab, get(b:, 'current_syntax', '')]
call writefile(out, $OUT)
VIM
printf 'x = 1\n' >"$tmp/a.smm"
OUT=$tmp/ft.out vimrun "$tmp/ft.vim" "$tmp/a.smm"
mapfile -t got <"$tmp/ft.out" 2>/dev/null || got=()
[ "${got[0]:-}" = smm ] && ok || bad "a .smm file is not filetype smm (got '${got[0]:-}')"
[ "${got[1]:-}" = '// %s' ] && ok || bad "commentstring is '${got[1]:-}'"
[ "${got[2]:-}" = 'smmc fmt -' ] && ok || bad "formatprg is '${got[2]:-}'"
[ "${got[3]:-}" = 2 ] && [ "${got[4]:-}" = 1 ] && ok || bad "shiftwidth/expandtab: ${got[3]:-} ${got[4]:-}"
[ "${got[5]:-}" = smm ] && ok || bad "syntax/smm.vim not loaded"

# ---------------------------------------------------------------- syntax groups
cat >"$tmp/syn.vim" <<'VIM'
let out = []
for case in readfile($CASES)
  if case =~# '^#' || case =~# '^\s*$'
    continue
  endif
  let [group, token, n; rest] = split(case, '|', 1)
  let src = split(join(rest, '|'), '\\n', 1)
  " a fresh buffer per case: synID() caches a line's state across edits
  enew!
  call setline(1, src)
  set filetype=smm
  " the n-th occurrence of token
  let found = 0
  let where = []
  for l in range(1, line('$'))
    let c = 0
    while 1
      let c = stridx(getline(l), token, c)
      if c < 0 | break | endif
      if found == str2nr(n) | let where = [l, c + 1] | break | endif
      let found += 1
      let c += 1
    endwhile
    if !empty(where) | break | endif
  endfor
  if empty(where)
    call add(out, 'FAIL ' . case . ': token not found')
    continue
  endif
  " every character of the token has the group
  let groups = []
  for k in range(len(token))
    call add(groups, synIDattr(synID(where[0], where[1] + k, 1), 'name'))
  endfor
  let bad = filter(copy(groups), 'v:val !=# group')
  call add(out, (empty(bad) ? "ok   " : "FAIL ") . case . (empty(bad) ? "" : ": got " . join(uniq(groups), ",") . " at " . string(where)))
endfor
call writefile(out, $OUT)
VIM
printf '\n' >"$tmp/b.smm"
CASES=$root/tests/editors/vim-cases.txt OUT=$tmp/syn.out vimrun "$tmp/syn.vim" "$tmp/b.smm"
if [ -s "$tmp/syn.out" ]; then
    while IFS= read -r l; do
        case $l in ok*) ok ;; *) bad "syntax: ${l#FAIL }" ;; esac
    done <"$tmp/syn.out"
else
    bad "the syntax test wrote nothing"
fi

# ---------------------------------------------------------------- indentation
cat >"$tmp/ind.vim" <<'VIM'
silent normal! gg=G
silent write
VIM
for f in tests/spec/profiles/medical.smm tests/spec/assessment.smm tests/editors/keywords-as-names.smm \
         examples/waivers/camera.smm; do
    sed -E 's/^[ \t]+//' "$root/$f" >"$tmp/ind.smm"
    vimrun "$tmp/ind.vim" "$tmp/ind.smm"
    if cmp -s "$tmp/ind.smm" "$root/$f"; then ok; else
        bad "indent: $f with its indentation removed does not come back as written"
        diff "$root/$f" "$tmp/ind.smm" | head -6
    fi
done

# ---------------------------------------------------------------- :compiler smmc
mkdir -p "$tmp/q"
cat >"$tmp/q/broken.smm" <<'SMM'
import iic.smm

profile p.base "Base" model iic.smm {
  governance = 2 general
  enablement = 3 general
  hardening  = 3 general
  require patch_management >= 3
}

profile p.low "Low" extends p.base {
  patch_management = 1
}
SMM
cat >"$tmp/qf.vim" <<'VIM'
compiler smmc
let &l:makeprg = $SMMC . ' check -q --color never --stdlib ' . $STDLIB . ' %:S'
silent make!
let out = [&l:errorformat != '' ? 'efm' : 'no efm']
for e in getqflist()
  if e.valid
    call add(out, printf('%s|%d|%d|%s|%s', fnamemodify(bufname(e.bufnr), ':t'), e.lnum, e.col, e.type, e.text))
  endif
endfor
call writefile(out, $OUT)
VIM
(cd "$tmp/q" && SMMC=$SMMC STDLIB=$root/stdlib OUT=$tmp/qf.out vimrun "$tmp/qf.vim" broken.smm)
$SMMC check -q --color never --stdlib "$root/stdlib" "$tmp/q/broken.smm" >/dev/null 2>"$tmp/q/diag"
if [ -s "$tmp/qf.out" ]; then
    grep -q '^broken.smm|11|3|e|' "$tmp/qf.out" && ok || { bad "quickfix: no error at broken.smm:11:3"; cat "$tmp/qf.out"; }
    grep -q '^broken.smm|7|11|n|' "$tmp/qf.out" && ok || { bad "quickfix: no note at broken.smm:7:11"; cat "$tmp/qf.out"; }
    # one entry per diagnostic line (error, warning, note), none for the source and caret lines
    want=$(grep -cE '^[^ ]+:[0-9]+:[0-9]+: (error|warning|note|remark): ' "$tmp/q/diag")
    got=$(($(wc -l <"$tmp/qf.out") - 1))
    [ "$want" -gt 1 ] && [ "$got" = "$want" ] && ok || { bad "quickfix: $got entries for $want diagnostics"; cat "$tmp/q/diag" "$tmp/qf.out"; }
else
    bad ":compiler smmc wrote nothing"
fi

echo "vim: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
