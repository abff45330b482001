// tests/editors/textmate.js -- the TextMate grammar as VS Code runs it.
//
//   node textmate.js NODE_MODULES GRAMMAR [--update] FILE...
//
// Loads editors/vscode/syntaxes/smm.tmLanguage.json with vscode-textmate and
// vscode-oniguruma (the libraries VS Code itself uses) and
//   1. tokenizes every FILE: no exception, no line that takes the grammar
//      more than a second, and the scopes a few generic rules demand
//      (a setting's path is a name, never a keyword; nothing is invalid in
//      a file of stdlib/ or examples/, which compile);
//   2. checks the representative tokens in CASES below;
//   3. compares the scopes of the files in SNAPSHOTS with their snapshot in
//      tests/editors/snapshots/ (--update rewrites them: review the diff as
//      a golden's).
// Prints "FAIL textmate: ..." per failure and "textmate: N passed, M failed".
'use strict';
const fs = require('fs');
const path = require('path');

const [modules, grammarPath, ...rest] = process.argv.slice(2);
const update = rest.includes('--update');
const files = rest.filter((a) => a !== '--update');
const vsctm = require(path.join(modules, 'vscode-textmate'));
const oniguruma = require(path.join(modules, 'vscode-oniguruma'));
const root = path.resolve(__dirname, '../..');

let pass = 0, fail = 0;
const ok = () => { pass++; };
const bad = (msg) => { fail++; console.log(`FAIL textmate: ${msg}`); };

// Files whose scopes are kept: a grammar change shows up in their diff.
const SNAPSHOTS = [
    'tests/spec/model.smm',
    'tests/spec/profiles/medical.smm',
    'tests/spec/assessment.smm',
    'examples/figure7.smm',
    'tests/editors/keywords-as-names.smm',
];

// Representative tokens: [source, token text, n-th occurrence (0-based), scope wanted (a prefix of one of its scopes), scope refused]
const CASES = [
    ['import iic.smm', 'import', 0, 'keyword.control.import'],
    ['import iic.smm', 'iic.smm', 0, 'entity.name.namespace'],
    ['profile a.b "T" model iic.smm {', 'profile', 0, 'keyword.'],
    ['profile a.b "T" model iic.smm {', 'a.b', 0, 'entity.name.type.profile'],
    ['profile a.b "T" model iic.smm {', 'iic.smm', 0, 'variable.other.model'],
    ['profile a.b "T" model iic.smm {', '"', 0, 'string.quoted.double'],
    ['profile a.b "T" model iic.smm {', 'T', 0, 'string.quoted.double'],
    ['profile x extends a.b, c {', 'a.b', 0, 'entity.other.inherited-class'],
    ['profile x extends a.b, c {', 'c', 0, 'entity.other.inherited-class'],
    ['profile x\n  extends a.b,\n    c {', 'c', 0, 'entity.other.inherited-class'],
    ['model iic.smm "IoT" {', 'iic.smm', 0, 'entity.name.type.model'],
    ['model x extends iic.smm {', 'iic.smm', 0, 'entity.other.inherited-class'],
    ['  dimension governance "G" {', 'governance', 0, 'entity.name.section'],
    ['  practice target "P"', 'target', 0, 'entity.name.section', 'keyword.'],
    ['  practice version "P"', 'version', 0, 'entity.name.section', 'keyword.'],
    ['  level 2 "objective" {', 'level', 0, 'keyword.'],
    ['  level 2 "objective" {', '2', 0, 'constant.numeric.integer'],
    ['  level minimum "objective"', 'minimum', 0, 'constant.language.level'],
    ['    consider spm.roles "Roles"', 'spm.roles', 0, 'entity.name.consideration'],
    ['  consider threat_modeling level 3 hh.ble "BLE"', 'threat_modeling', 0, 'variable.other.practice'],
    ['  consider threat_modeling level 3 hh.ble "BLE"', 'hh.ble', 0, 'entity.name.consideration'],
    ['  governance = 2 general  // default', 'governance', 0, 'variable.other.practice'],
    ['  governance = 2 general  // default', '=', 0, 'keyword.operator.assignment'],
    ['  governance = 2 general  // default', '2', 0, 'constant.numeric.integer'],
    ['  governance = 2 general  // default', 'general', 0, 'constant.language.scope'],
    ['  governance = 2 general  // default', ' default', 0, 'comment.line.double-slash'],
    ['  governance = minimum', 'minimum', 0, 'constant.language.level'],
    ['  hardening.* = 3 industry', 'hardening', 0, 'variable.other.practice'],
    ['  hardening.* = 3 industry', '.*', 0, 'keyword.operator.wildcard'],
    ['  x = 3 system because "why"', 'system', 0, 'constant.language.scope'],
    ['  x = 3 system because "why"', 'because', 0, 'keyword.'],
    ['  x = 3 system because "why"', 'why', 0, 'string.quoted.double'],
    ['  x = 3 sector', 'sector', 0, 'constant.language.scope'],
    ['  x scope system', 'scope', 0, 'keyword.'],
    ['  x scope system', 'x', 0, 'variable.other.practice'],
    ['  target = 3 general', 'target', 0, 'variable.other.practice', 'keyword.'],
    ['  date = 3', 'date', 0, 'variable.other.practice', 'keyword.'],
    ['  a = 1; version = 2', 'version', 0, 'variable.other.practice', 'keyword.'],
    ['  sector healthcare {', 'sector', 0, 'keyword.'],
    ['  sector healthcare {', 'healthcare', 0, 'entity.name.section'],
    ['  system target {', 'target', 0, 'entity.name.section', 'keyword.'],
    ['  system handheld {', 'system', 0, 'keyword.', 'constant.language'],
    ['  require threat_modeling >= 3 because "FDA"', 'threat_modeling', 0, 'variable.other.practice'],
    ['  require threat_modeling >= 3 because "FDA"', '>=', 0, 'keyword.operator.comparison'],
    ['  require date <= 3', 'date', 0, 'variable.other.practice', 'keyword.'],
    ['  target healthcare.medical_device sector healthcare system base_station', 'healthcare.medical_device', 0, 'variable.other.profile'],
    ['  target healthcare.medical_device sector healthcare system base_station', 'healthcare', 0, 'variable.other.sector'],
    ['  target healthcare.medical_device sector healthcare system base_station', 'base_station', 0, 'variable.other.system'],
    ['  date 2026-09-30', 'date', 0, 'keyword.'],
    ['  date 2026-09-30', '2026-09-30', 0, 'constant.numeric.date'],
    ['  assessor "ACME"', 'assessor', 0, 'keyword.'],
    ['  physical_protection not_applicable because "no hardware"', 'physical_protection', 0, 'variable.other.practice'],
    ['  physical_protection not_applicable because "no hardware"', 'not_applicable', 0, 'keyword.'],
    ['  program_management = 3 general evidence "Charter v4"', 'evidence', 0, 'keyword.'],
    ['  program_management = 3 general evidence "Charter v4"', 'Charter v4', 0, 'string.quoted.double'],
    ['  met spm.roles evidence "RACI"', 'spm.roles', 0, 'variable.other.consideration'],
    ['  waive patch_management because "x" until 2026-12-31 owner "ops"', 'patch_management', 0, 'variable.other.practice'],
    ['  waive patch_management because "x" until 2026-12-31 owner "ops"', 'until', 0, 'keyword.'],
    ['  waive patch_management because "x" until 2026-12-31 owner "ops"', 'owner', 0, 'keyword.'],
    ['assessment acme.q3 "Q3" {', 'acme.q3', 0, 'entity.name.type.assessment'],
    ['  rollup mean', 'mean', 0, 'constant.language.rollup'],
    ['  evidence strict', 'strict', 0, 'constant.language'],
    ['  tags a, b', 'tags', 0, 'keyword.'],
    ['  alias threat_modeling hazard_modeling', 'hazard_modeling', 0, 'entity.name.alias'],
    ['  doc """\n    Two\n    lines\n    """', '    Two', 0, 'string.quoted.triple'],
    ['  doc """\n    Two\n    lines\n    """', '    lines', 0, 'string.quoted.triple'],
    ['  doc "a\\u{00E9}\\n"', '\\u{00E9}', 0, 'constant.character.escape'],
    ['  doc "a\\q"', '\\q', 0, 'invalid.illegal.escape'],
    ['# hash comment', ' hash comment', 0, 'comment.line.number-sign'],
    ['/* block\n   comment */ x = 1', '   comment ', 0, 'comment.block'],
    ['/* block\n   comment */ x = 1', 'x', 0, 'variable.other.practice'],
    ['  x = 2  // expect-error: requirement-violated', 'expect-error:', 0, 'keyword.other.expectation'],
    ['test medical.handheld "H" {', 'medical.handheld', 0, 'entity.name.function.test'],
    ['  assessment acme.base_station.q3_2026', 'acme.base_station.q3_2026', 0, 'variable.other.assessment'],
    ['  expect threat_modeling = 3 industry', 'expect', 0, 'keyword.'],
    ['  expect threat_modeling = 3 industry', 'threat_modeling', 0, 'variable.other.practice'],
    ['  expect threat_modeling set_by healthcare.medical_device body', 'healthcare.medical_device', 0, 'variable.other.profile'],
    ['  expect threat_modeling set_by healthcare.medical_device body', 'body', 0, 'constant.language.layer'],
    ['  expect threat_modeling considers hh.ble', 'hh.ble', 0, 'variable.other.consideration'],
    ['  expect physical_protection status not-applicable', 'not-applicable', 0, 'constant.language.status'],
    ['  expect gaps >= 1', 'gaps', 0, 'keyword.'],
    ['  expect status status gap', 'status', 0, 'variable.other.practice'],
    ['  x = 12abc', '12abc', 0, 'invalid.illegal.number'],
    ['  x-model = 1', 'x-model', 0, 'variable.other.practice'],
    ['  x = 1 }', '}', 0, 'punctuation.section.block.end'],
];

function tokenizeText(grammar, text) {
    let stack = vsctm.INITIAL;
    const out = [];
    const lines = text.split(/\r?\n/);
    lines.forEach((line, i) => {
        const t0 = Date.now();
        const r = grammar.tokenizeLine(line, stack);
        if (Date.now() - t0 > 1000)
            bad(`line ${i + 1} took ${Date.now() - t0} ms`);
        for (const tok of r.tokens)
            out.push({ line: i + 1, col: tok.startIndex + 1, text: line.slice(tok.startIndex, tok.endIndex), scopes: tok.scopes.slice(1) });
        stack = r.ruleStack;
    });
    return out;
}

const has = (tok, prefix) => tok.scopes.some((s) => s.startsWith(prefix));

function checkFile(grammar, file) {
    const text = fs.readFileSync(path.join(root, file), 'utf8');
    let toks;
    try {
        toks = tokenizeText(grammar, text);
    } catch (e) {
        bad(`${file}: ${e.message}`);
        return;
    }
    ok();
    const clean = /^(stdlib|examples)\//.test(file);
    let problems = 0;
    for (const t of toks) {
        if (clean && has(t, 'invalid.')) {
            bad(`${file}:${t.line}:${t.col}: '${t.text}' is ${t.scopes.join(' ')}`);
            problems++;
        }
        // the first word of a setting line is a name
        if (t.col > 1 && has(t, 'variable.other.practice') && has(t, 'keyword.')) {
            bad(`${file}:${t.line}:${t.col}: '${t.text}' is both a name and a keyword`);
            problems++;
        }
    }
    if (!problems)
        ok();
}

function checkCase(grammar, [src, text, nth, want, refuse]) {
    const toks = tokenizeText(grammar, src).filter((t) => t.text === text);
    const t = toks[nth];
    const what = `${JSON.stringify(src)}: '${text}'`;
    if (!t)
        return bad(`${what}: no such token (tokens: ${tokenizeText(grammar, src).map((x) => `'${x.text}'`).join(' ')})`);
    if (!has(t, want))
        return bad(`${what} is [${t.scopes.join(' ')}], want ${want}`);
    if (refuse && has(t, refuse))
        return bad(`${what} is [${t.scopes.join(' ')}], must not be ${refuse}`);
    ok();
}

function snapshot(grammar, file) {
    const text = fs.readFileSync(path.join(root, file), 'utf8');
    const lines = [];
    for (const t of tokenizeText(grammar, text)) {
        if (/^\s*$/.test(t.text) && t.scopes.length === 0)
            continue;
        lines.push(`${t.line}:${t.col} ${JSON.stringify(t.text)} ${t.scopes.join(' ')}`);
    }
    const snap = path.join(__dirname, 'snapshots', file.replace(/\//g, '__') + '.scopes');
    const got = lines.join('\n') + '\n';
    if (update) {
        fs.writeFileSync(snap, got);
        return ok();
    }
    if (!fs.existsSync(snap))
        return bad(`${file}: no snapshot ${path.relative(root, snap)} (run with --update)`);
    const want = fs.readFileSync(snap, 'utf8');
    if (want === got)
        return ok();
    const a = want.split('\n'), b = got.split('\n');
    let i = 0;
    while (i < a.length && a[i] === b[i])
        i++;
    bad(`${file}: scopes differ from ${path.relative(root, snap)} (tests/editors/run.sh --update, then review)\n  - ${a[i]}\n  + ${b[i]}`);
}

async function main() {
    const wasm = fs.readFileSync(path.join(modules, 'vscode-oniguruma/release/onig.wasm')).buffer;
    await oniguruma.loadWASM(wasm);
    const registry = new vsctm.Registry({
        onigLib: Promise.resolve({
            createOnigScanner: (p) => new oniguruma.OnigScanner(p),
            createOnigString: (s) => new oniguruma.OnigString(s),
        }),
        loadGrammar: async (scope) => scope === 'source.smm'
            ? vsctm.parseRawGrammar(fs.readFileSync(grammarPath, 'utf8'), grammarPath) : null,
    });
    const grammar = await registry.loadGrammar('source.smm');
    if (!grammar) {
        bad(`cannot load ${grammarPath}`);
    } else {
        for (const f of files)
            checkFile(grammar, f);
        for (const c of CASES)
            checkCase(grammar, c);
        for (const f of SNAPSHOTS)
            snapshot(grammar, f);
    }
    console.log(`textmate: ${pass} passed, ${fail} failed`);
    process.exit(fail ? 1 : 0);
}

main().catch((e) => { console.log(`FAIL textmate: ${e.stack || e}`); console.log(`textmate: ${pass} passed, ${fail + 1} failed`); process.exit(1); });
