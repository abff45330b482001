// tests/editors/client.js -- the VS Code client's command line, with a
// stand-in for the `vscode` module (the real one exists only inside VS Code).
//   node client.js EXTENSION_DIR    (a copy with node_modules: build/vscode)
// Prints "ok ..." or "FAIL ..." lines.
'use strict';
const Module = require('module');
const path = require('path');
let settings = {};
// what the extension reads is real; anything else the client library
// touches while loading is an empty class (it extends a few)
const stub = () => new Proxy(class {}, { get: (t, k) => (k in t ? t[k] : stub()) });
const vscode = new Proxy({
    workspace: {
        getConfiguration: () => ({ get: (k) => settings[k] }),
        workspaceFolders: [{ uri: { fsPath: '/work/space' } }],
    },
}, { get: (t, k) => (k in t ? t[k] : stub()) });
const load = Module._load;
Module._load = function (request, ...rest) {
    return request === 'vscode' ? vscode : load.call(this, request, ...rest);
};
let ext;
try {
    ext = require(path.resolve(process.argv[2], 'extension.js'));
} catch (e) {
    console.log(`FAIL client: extension.js does not load: ${e.message}`);
    process.exit(1);
}
const cases = [
    [{}, 'smmc', ['lsp']],
    [{ path: '/opt/smmc/bin/smmc' }, '/opt/smmc/bin/smmc', ['lsp']],
    [{ stdlib: '/usr/share/smmc/stdlib' }, 'smmc', ['lsp', '--stdlib', '/usr/share/smmc/stdlib']],
    [{ path: 'build/smmc', stdlib: 'stdlib' }, 'build/smmc', ['lsp', '--stdlib', '/work/space/stdlib']],
];
for (const [s, cmd, args] of cases) {
    settings = s;
    const got = ext.serverCommand();
    const ok = got.command === cmd && JSON.stringify(got.args) === JSON.stringify(args);
    console.log(`${ok ? 'ok' : 'FAIL'} client: settings ${JSON.stringify(s)} -> ${got.command} ${got.args.join(' ')}`);
}
for (const f of ['activate', 'deactivate'])
    console.log(`${typeof ext[f] === 'function' ? 'ok' : 'FAIL'} client: exports ${f}`);
