#!/bin/sh
# tests/lsp/nvim.sh — a real editor: Neovim, headless, with its built-in
# LSP client on `smmc lsp` (tests/lsp/nvim.lua).  Prints one line per check
# and "lsp-nvim: N passed, M failed".  Neovim is installed by
# scripts/install-deps; without it the suite fails (CI must not skip it).
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
SMMC=${SMMC:-$root/build/smmc}
smmc=$(echo "$SMMC" | awk '{print $NF}')
if ! command -v nvim >/dev/null 2>&1; then
    echo "FAIL lsp-nvim: nvim is not installed (scripts/install-deps installs neovim)"
    echo "lsp-nvim: 0 passed, 1 failed"
    exit 1
fi
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/lib.smm" <<'SMM'
model m "M" {
  dimension d "D" {
    domain o "O" {
      practice p "P"
      practice q "Q"
    }
  }
}

profile base "Base" model m { p = 2; q = 1 }
SMM
cat > "$tmp/main.smm" <<'SMM'
import lib

profile derived "Derived" extends base {
  q = 2
  qq = 1
}
SMM
HOME=$tmp XDG_CONFIG_HOME=$tmp XDG_DATA_HOME=$tmp XDG_STATE_HOME=$tmp XDG_CACHE_HOME=$tmp \
timeout 60 nvim --headless --clean \
    --cmd "lua _G.arg_smmc='$smmc' _G.arg_stdlib='$root/stdlib' _G.arg_file='$tmp/main.smm' _G.arg_out='$tmp/out'" \
    -c "luafile $root/tests/lsp/nvim.lua" >"$tmp/nvim.log" 2>&1
if [ ! -s "$tmp/out" ]; then
    echo "FAIL lsp-nvim: Neovim wrote no results"; sed 's/^/  /' "$tmp/nvim.log" | head -20
    echo "lsp-nvim: 0 passed, 1 failed"
    exit 1
fi
grep '^FAIL' "$tmp/out" | sed 's/^FAIL /FAIL lsp-nvim: /'
pass=$(grep -c '^ok ' "$tmp/out"); fail=$(grep -c '^FAIL' "$tmp/out")
echo "lsp-nvim: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
