#!/usr/bin/env bash
# tests/editors/run.sh — the editor support in editors/, tested as the
# editors run it.
#
#   tests/editors/run.sh            # last line: "editors: N passed, M failed"
#   tests/editors/run.sh --update   # rewrite the TextMate scope snapshots
#
#  1. TextMate (VS Code): npm vscode-textmate + vscode-oniguruma, installed on
#     first use into build/npm-editors (not committed), tokenize every .smm
#     of the repository with editors/vscode/syntaxes/smm.tmLanguage.json
#     (tests/editors/textmate.js: representative tokens, snapshots).
#  2. The extension's manifests are valid JSON and name files that exist.
#  3. Vim: `vim -es` with editors/vim on the runtimepath: filetype detection,
#     the highlight group of representative tokens, indentation, the
#     quickfix list that :compiler smmc makes of smmc's diagnostics
#     (tests/editors/vim.sh).
#  4. The keyword lists of both grammars agree with compiler/keywords.def
#     (and so with the scanner, the token filter and the formatter).
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
SMMC=${SMMC:-$root/build/smmc}
export SMMC
npmdir=$root/build/npm-editors
pass=0 fail=0
ok()  { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL editors: $*"; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cd "$root" || exit 1

mapfile -t files < <(find stdlib examples tests -name '*.smm' | sort)

# ---------------------------------------------------------------- 1. TextMate
if ! [ -e "$npmdir/node_modules/vscode-textmate/package.json" ] ||
   ! [ -e "$npmdir/node_modules/vscode-oniguruma/package.json" ]; then
    mkdir -p "$npmdir"
    if ! command -v npm >/dev/null; then
        bad "npm is not installed (scripts/install-deps)"
    elif ! npm install --prefix "$npmdir" --no-audit --no-fund \
            vscode-textmate@9 vscode-oniguruma@2 >"$npmdir/install.log" 2>&1; then
        cat "$npmdir/install.log"; bad "npm install of vscode-textmate failed"
    fi
fi
if [ -e "$npmdir/node_modules/vscode-textmate/package.json" ]; then
    node tests/editors/textmate.js "$npmdir/node_modules" editors/vscode/syntaxes/smm.tmLanguage.json \
        "$@" "${files[@]}" >"$tmp/tm" 2>&1
    grep '^FAIL' "$tmp/tm"
    line=$(grep -E '^textmate: [0-9]+ passed, [0-9]+ failed' "$tmp/tm")
    if [ -n "$line" ]; then
        p=$(sed -E 's/.* ([0-9]+) passed.*/\1/' <<<"$line"); f=$(sed -E 's/.* ([0-9]+) failed.*/\1/' <<<"$line")
        pass=$((pass + p)); fail=$((fail + f))
    else
        cat "$tmp/tm"; bad "textmate.js did not finish"
    fi
fi

# ---------------------------------------------------------------- 2. manifests
for j in editors/vscode/package.json editors/vscode/language-configuration.json \
         editors/vscode/syntaxes/smm.tmLanguage.json; do
    node -e "JSON.parse(require('fs').readFileSync('$j','utf8'))" 2>"$tmp/err" && ok || { bad "$j is not JSON"; cat "$tmp/err"; }
done
node -e "
const p = require('./editors/vscode/package.json'), fs = require('fs'), path = require('path');
const d = 'editors/vscode';
const need = [p.main, ...p.contributes.grammars.map((g) => g.path), ...p.contributes.languages.map((l) => l.configuration)];
for (const f of need) if (!fs.existsSync(path.join(d, f))) { console.log('missing ' + f); process.exit(1); }
if (p.contributes.languages[0].id !== 'smm' || !p.contributes.languages[0].extensions.includes('.smm')) process.exit(1);
if (!p.contributes.configuration.properties['smmc.path'] || !p.contributes.configuration.properties['smmc.stdlib']) process.exit(1);
" 2>&1 && ok || bad "editors/vscode/package.json: a contributed file or setting is missing"

# the package: `make vsix` builds it from a copy in build/vscode, and the
# client in that copy (with its npm dependencies) starts `smmc lsp` as the
# settings say
if make -s B=build vsix >"$tmp/vsix.log" 2>&1; then
    vsix=$(ls build/smm-*.vsix | head -1)
    unzip -l "$vsix" >"$tmp/vsix.list" 2>&1
    for f in extension/package.json extension/extension.js extension/language-configuration.json \
             extension/syntaxes/smm.tmLanguage.json extension/node_modules/vscode-languageclient/package.json; do
        grep -q " $f\$" "$tmp/vsix.list" && ok || bad "$vsix lacks $f"
    done
    node tests/editors/client.js build/vscode >"$tmp/client" 2>&1
    grep '^FAIL' "$tmp/client"
    pass=$((pass + $(grep -c '^ok' "$tmp/client"))); fail=$((fail + $(grep -c '^FAIL' "$tmp/client")))
    grep -q '^ok' "$tmp/client" || { cat "$tmp/client"; bad "client.js printed nothing"; }
else
    cat "$tmp/vsix.log"; bad "make vsix failed"
fi

# ---------------------------------------------------------------- 3. Vim
if command -v vim >/dev/null; then
    tests/editors/vim.sh >"$tmp/vim" 2>&1
    grep '^FAIL' "$tmp/vim"
    line=$(grep -E '^vim: [0-9]+ passed, [0-9]+ failed' "$tmp/vim")
    if [ -n "$line" ]; then
        p=$(sed -E 's/.* ([0-9]+) passed.*/\1/' <<<"$line"); f=$(sed -E 's/.* ([0-9]+) failed.*/\1/' <<<"$line")
        pass=$((pass + p)); fail=$((fail + f))
    else
        cat "$tmp/vim"; bad "vim.sh did not finish"
    fi
else
    bad "vim is not installed (scripts/install-deps)"
fi

# ---------------------------------------------------------------- 4. keywords
# compiler/keywords.def is the one list: each grammar highlights every word
# of it as a keyword (or scope word), and nothing else; `body` and `default`
# are keywords only after `set_by PROFILE`, where both grammars name them.
sed -nE 's/^KEYWORD\([A-Z_]+, *"([a-z_]+)".*/\1/p' compiler/keywords.def | sort >"$tmp/def"
[ "$(wc -l <"$tmp/def")" -gt 30 ] && ok || bad "cannot read compiler/keywords.def"
grep -vxE 'body|default' "$tmp/def" >"$tmp/def-plain"
node -e "
const g = require('./editors/vscode/syntaxes/smm.tmLanguage.json');
const words = new Set();
for (const p of g.repository.keywords.patterns)
    for (const m of p.match.matchAll(/\(\?:([a-z_|]+)\)/g)) m[1].split('|').forEach((w) => words.add(w));
console.log([...words].sort().join('\n'));
" >"$tmp/tm-words"
if diff "$tmp/def-plain" "$tmp/tm-words" >"$tmp/d"; then ok; else
    bad "the TextMate keywords differ from compiler/keywords.def (< def, > grammar):"; cat "$tmp/d"; fi
sed -e ':a' -e '/\\$/N; s/\n *\\ */ /; ta' editors/vim/syntax/smm.vim | sed -e ':b' -e '/,$/N; s/,\n *\\ */, /; tb' |
    grep -E "^call s:Words\('smm(Include|Declare|Keyword|Scope)'" | grep -oE "'[a-z_]+'" | tr -d "'" | sort -u >"$tmp/vim-words"
if diff "$tmp/def-plain" "$tmp/vim-words" >"$tmp/d"; then ok; else
    bad "the Vim keywords differ from compiler/keywords.def (< def, > syntax/smm.vim):"; cat "$tmp/d"; fi
for w in body default; do
    grep -q "set_by.*\b$w\b" editors/vscode/syntaxes/smm.tmLanguage.json && ok || bad "TextMate: no '$w' after set_by"
    grep -q "set_by.*\b$w\b" editors/vim/syntax/smm.vim && ok || bad "Vim: no '$w' after set_by"
done

echo "editors: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
