// Validate JSON documents against a JSON Schema (draft-07) with ajv 8:
//   node validate-json.js [--smm-ir] SCHEMA.json FILE.json...
// (NODE_PATH names the node_modules that holds ajv and ajv-formats; see
// tests/lib/ajv.sh).  Prints "FILE<TAB>ok", or one "FILE<TAB>error<TAB>WHERE
// MESSAGE" line per error; exits 1 if any file is invalid, 2 on bad usage.
//
// --smm-ir: the smmc IR's references, which a schema cannot express: each
// provenance index is below settings.length, and each settings entry is
// referred to by at least one chain (a document lists what it refers to,
// once).
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
    const n = doc.settings.length;
    const used = new Array(n).fill(false);
    doc.targets.forEach((t, ti) => t.practices.forEach((p, pi) => {
        for (const attr of ['comprehensiveness', 'scope'])
            for (const i of p.provenance[attr]) {
                if (i >= n)
                    errors.push(`/targets/${ti}/practices/${pi}/provenance/${attr} index ${i} is not in settings (${n} entries)`);
                else
                    used[i] = true;
            }
    }));
    used.forEach((u, i) => { if (!u) errors.push(`/settings/${i} is referred to by no provenance chain`); });
    const seen = new Set();
    doc.settings.forEach((s, i) => {
        const key = JSON.stringify(s);
        if (seen.has(key)) errors.push(`/settings/${i} is listed twice`);
        seen.add(key);
    });
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
