// extension.js -- the VS Code client for `smmc lsp`.
//
// The extension itself knows nothing of .smm: highlighting is the TextMate
// grammar (syntaxes/smm.tmLanguage.json), everything else (diagnostics,
// formatting, ...) comes from the language server that `smmc lsp` runs over
// stdio.  Settings: smmc.path (the executable), smmc.stdlib (passed as
// --stdlib DIR), smmc.trace.server.  A change of smmc.path or smmc.stdlib
// restarts the server.
'use strict';

const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

let client;

// The command line `smmc lsp [--stdlib DIR]` from the settings; a relative
// path in smmc.stdlib is taken from the first workspace folder.
function serverCommand() {
    const cfg = vscode.workspace.getConfiguration('smmc');
    const command = cfg.get('path') || 'smmc';
    const args = ['lsp'];
    let stdlib = cfg.get('stdlib') || '';
    if (stdlib) {
        const folders = vscode.workspace.workspaceFolders;
        if (!require('path').isAbsolute(stdlib) && folders && folders.length)
            stdlib = require('path').join(folders[0].uri.fsPath, stdlib);
        args.push('--stdlib', stdlib);
    }
    return { command, args, transport: TransportKind.stdio };
}

async function start(context) {
    const run = serverCommand();
    client = new LanguageClient('smmc', 'smmc', { run, debug: run }, {
        documentSelector: [
            { scheme: 'file', language: 'smm' },
            { scheme: 'untitled', language: 'smm' },
        ],
        synchronize: {
            fileEvents: vscode.workspace.createFileSystemWatcher('**/*.smm'),
        },
    });
    try {
        await client.start();
    } catch (err) {
        vscode.window.showErrorMessage(
            `smmc: cannot start '${run.command} ${run.args.join(' ')}': ${err.message || err}. ` +
            'Set "smmc.path" to the smmc executable.');
    }
    context.subscriptions.push({ dispose: () => client && client.stop() });
}

async function activate(context) {
    await start(context);
    context.subscriptions.push(vscode.workspace.onDidChangeConfiguration(async (e) => {
        if (!e.affectsConfiguration('smmc.path') && !e.affectsConfiguration('smmc.stdlib'))
            return;
        if (client)
            await client.stop().catch(() => {});
        await start(context);
    }));
    context.subscriptions.push(vscode.commands.registerCommand('smmc.restartServer', async () => {
        if (client)
            await client.stop().catch(() => {});
        await start(context);
    }));
}

function deactivate() {
    return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate, serverCommand };
