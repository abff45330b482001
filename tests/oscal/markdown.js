// tests/oscal/markdown.js — render every markup field of OSCAL documents
// with commonmark.js (the CommonMark reference implementation) and say
// what each renders as.  OSCAL's markup types (MarkupLine, MarkupMultiline:
// title, description, remarks, prose, statement, label, usage) are
// Markdown, and smmc writes plain text into them, escaped: each must
// render as paragraphs of text and soft breaks only.
//
//   NODE_PATH=build/npm-commonmark/node_modules node tests/oscal/markdown.js FILE...
//
// One JSON line per field: {"file", "path", "text", "markup"}: text is the
// rendered text (paragraphs joined by a blank line, soft breaks as line
// breaks); markup lists the node types beyond those (emph, code, link,
// html_inline, heading, list, ...): empty when the field is plain.
"use strict";
const fs = require("fs");
const commonmark = require("commonmark");

const MARKUP = new Set(["title", "description", "remarks", "prose", "statement", "label", "usage"]);
const PLAIN = new Set(["document", "paragraph", "text", "softbreak"]);
const parser = new commonmark.Parser();

function render(md) {
    const walker = parser.parse(md).walker();
    const paras = [], markup = new Set();
    let ev, cur = null;
    while ((ev = walker.next())) {
        const n = ev.node;
        if (!PLAIN.has(n.type)) markup.add(n.type);
        if (!ev.entering) continue;
        if (n.type === "paragraph") paras.push((cur = []));
        else if (n.type === "text" && cur) cur.push(n.literal);
        else if (n.type === "softbreak" && cur) cur.push("\n");
    }
    return {text: paras.map((p) => p.join("")).join("\n\n"), markup: [...markup].sort()};
}

function walk(file, o, path) {
    if (Array.isArray(o)) {
        o.forEach((v, i) => walk(file, v, path + "/" + i));
    } else if (o && typeof o === "object") {
        for (const [k, v] of Object.entries(o)) {
            if (MARKUP.has(k) && typeof v === "string")
                console.log(JSON.stringify({file, path: path + "/" + k, ...render(v)}));
            else walk(file, v, path + "/" + k);
        }
    }
}

for (const file of process.argv.slice(2)) walk(file, JSON.parse(fs.readFileSync(file, "utf8")), "");
