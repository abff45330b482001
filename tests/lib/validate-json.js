// Validate JSON documents against a JSON Schema (draft-07) with ajv 8:
//   node validate-json.js [--smm-ir] SCHEMA.json FILE.json...
// (NODE_PATH names the node_modules that holds ajv and ajv-formats; see
// tests/lib/ajv.sh).  Prints "FILE<TAB>ok", or one "FILE<TAB>error<TAB>WHERE
// MESSAGE" line per error; exits 1 if any file is invalid, 2 on bad usage.
//
// --smm-ir: the smmc IR's references, which a schema cannot express: each
// provenance index is below settings.length, each index in a target's
// requirements and considerations below the length of that table, and each
// entry of the three tables is referred to at least once and listed once
// (a document lists what it refers to, once); each target's profile has
// one entry in profiles, and each entry there has a target.
'use strict';
const fs = require('fs');
const path = require('path');
const Ajv = require('ajv');
const addFormats = require('ajv-formats');

const args = process.argv.slice(2);
const smmIr = args[0] === '--smm-ir';
if (smmIr) args.shift();
if (args.length < 2) {
    console.error('usage: node validate-json.js [--smm-ir] SCHEMA.json FILE.json...');
    process.exit(2);
}
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(JSON.parse(fs.readFileSync(args[0], 'utf8')));

function irReferences(doc) {
    const errors = [];
    const tables = ['settings', 'requirements', 'considerations'];
    const used = {};
    for (const t of tables) used[t] = new Array(doc[t].length).fill(false);
    const refer = (table, i, where) => {
        if (i >= doc[table].length)
            errors.push(`${where} index ${i} is not in ${table} (${doc[table].length} entries)`);
        else
            used[table][i] = true;
    };
    doc.targets.forEach((t, ti) => {
        t.practices.forEach((p, pi) => {
            for (const attr of ['comprehensiveness', 'scope'])
                for (const i of p.provenance[attr])
                    refer('settings', i, `/targets/${ti}/practices/${pi}/provenance/${attr}`);
        });
        for (const table of ['requirements', 'considerations'])
            for (const i of t[table])
                refer(table, i, `/targets/${ti}/${table}`);
    });
    const names = new Map();
    doc.profiles.forEach((p, i) => {
        if (names.has(p.name)) errors.push(`/profiles/${i} names ${p.name} again`);
        names.set(p.name, false);
    });
    doc.targets.forEach((t, ti) => {
        if (!names.has(t.profile)) errors.push(`/targets/${ti} is of profile ${t.profile}, which profiles does not list`);
        else names.set(t.profile, true);
    });
    for (const [name, used] of names)
        if (!used) errors.push(`profile ${name} in profiles has no target`);
    for (const table of tables) {
        used[table].forEach((u, i) => {
            if (!u) errors.push(`/${table}/${i} is referred to by no target`);
        });
        const seen = new Set();
        doc[table].forEach((s, i) => {
            const key = JSON.stringify(s);
            if (seen.has(key)) errors.push(`/${table}/${i} is listed twice`);
            seen.add(key);
        });
    }
    return errors;
}

let bad = 0;
for (const f of args.slice(1)) {
    const name = path.basename(f);
    let doc;
    try {
        doc = JSON.parse(fs.readFileSync(f, 'utf8'));
    } catch (e) {
        console.log(`${name}\terror\t(parse) ${e.message}`);
        bad++;
        continue;
    }
    const errors = validate(doc) ? [] : validate.errors.map(e => `${e.instancePath || '/'} ${e.message}`);
    if (smmIr && errors.length === 0)
        errors.push(...irReferences(doc));
    if (errors.length === 0) {
        console.log(`${name}\tok`);
        continue;
    }
    bad++;
    for (const e of errors)
        console.log(`${name}\terror\t${e}`);
}
process.exit(bad ? 1 : 0);
