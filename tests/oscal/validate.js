// Validate OSCAL JSON documents against NIST's JSON schemas (draft-07):
//   node validate.js SCHEMA.json FILE.json...
// prints "FILE<TAB>ok" or one "FILE<TAB>error<TAB>PATH MESSAGE" line per error.
// ajv 8 compiles patterns with the u flag (unicodeRegExp, its default), which
// the schemas' \p{L} and \p{N} escapes need; `strict: false` because the
// schemas use keywords strict mode rejects; ajv-formats for date-time, uri,
// uri-reference and email.
const fs = require('fs');
const path = require('path');
const Ajv = require('ajv');
const addFormats = require('ajv-formats');
const ajv = new Ajv({ allErrors: true, strict: false });
if (ajv.opts.unicodeRegExp === false) {
    console.error('validate.js: ajv runs without unicodeRegExp; the schemas need it');
    process.exit(2);
}
addFormats(ajv);
const validate = ajv.compile(JSON.parse(fs.readFileSync(process.argv[2], 'utf8')));
let bad = 0;
for (const f of process.argv.slice(3)) {
    let doc;
    try {
        doc = JSON.parse(fs.readFileSync(f, 'utf8'));
    } catch (e) {
        console.log(`${path.basename(f)}\terror\t(parse) ${e.message}`);
        bad++;
        continue;
    }
    if (validate(doc)) {
        console.log(`${path.basename(f)}\tok`);
        continue;
    }
    bad++;
    for (const e of validate.errors)
        console.log(`${path.basename(f)}\terror\t${e.instancePath} ${e.message}`);
}
process.exit(bad ? 1 : 0);
