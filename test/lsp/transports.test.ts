/** The server starts over node IPC too: `migration-guard lsp --node-ipc` and server/out/lsp/main.js (what VS Code forks). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import * as path from 'node:path';
import {
  createProtocolConnection,
  IPCMessageReader,
  IPCMessageWriter,
  type InitializeResult,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { CLI, ROOT } from '../support/paths';

async function lintOverIpc(module: string, args: string[]): Promise<PublishDiagnosticsParams> {
  const child = fork(module, args, { silent: true });
  const connection = createProtocolConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
  connection.listen();
  try {
    const init = (await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: {},
    })) as InitializeResult;
    assert.equal(init.serverInfo?.name, 'migration-guard');
    await connection.sendNotification('initialized', {});
    const published = new Promise<PublishDiagnosticsParams>((resolve) =>
      connection.onNotification('textDocument/publishDiagnostics', resolve),
    );
    await connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: 'untitled:ipc.sql', languageId: 'sql', version: 1, text: 'CREATE INDEX "i" ON "t" ("c");' },
    });
    return await published;
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    await connection.sendRequest('shutdown');
    await connection.sendNotification('exit');
    await exited;
    connection.dispose();
  }
}

test('`migration-guard lsp --node-ipc` lints', async () => {
  const p = await lintOverIpc(CLI, ['lsp', '--node-ipc']);
  assert.ok(p.diagnostics.some((d) => d.code === 'index-not-concurrent'));
});

test('server/out/lsp/main.js (the module the VS Code client forks) lints over node IPC', async () => {
  const p = await lintOverIpc(path.join(ROOT, 'server', 'out', 'lsp', 'main.js'), ['--node-ipc']);
  assert.ok(p.diagnostics.some((d) => d.code === 'index-not-concurrent'));
});
