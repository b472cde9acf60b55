/**
 * Transports: server/out/lsp/main.js over stdio (what the VS Code client forks), node IPC (`migration-guard lsp
 * --node-ipc`, main.js --node-ipc), and how a stdio server ends when its input does.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fork, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import {
  createProtocolConnection,
  IPCMessageReader,
  IPCMessageWriter,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
  type InitializeResult,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { CLI, ROOT } from '../support/paths';

const MAIN = path.join(ROOT, 'server', 'out', 'lsp', 'main.js');

/** Forks a server module with stdio pipes (as the VS Code client does for TransportKind.stdio). */
function forkStdio(module: string, args: string[]): { child: ChildProcess; connection: ProtocolConnection } {
  const child = fork(module, args, { silent: true });
  const connection = createProtocolConnection(
    new StreamMessageReader(child.stdout!),
    new StreamMessageWriter(child.stdin!),
  );
  connection.listen();
  return { child, connection };
}

function forkIpc(module: string, args: string[]): { child: ChildProcess; connection: ProtocolConnection } {
  const child = fork(module, args, { silent: true });
  const connection = createProtocolConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
  connection.listen();
  return { child, connection };
}

async function initialize(connection: ProtocolConnection): Promise<void> {
  const init = (await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: null,
    capabilities: {},
  })) as InitializeResult;
  assert.equal(init.serverInfo?.name, 'migration-guard');
  await connection.sendNotification('initialized', {});
}

async function lintOver(transport: 'stdio' | 'ipc', module: string, args: string[]): Promise<PublishDiagnosticsParams> {
  const { child, connection } = transport === 'stdio' ? forkStdio(module, args) : forkIpc(module, args);
  try {
    await initialize(connection);
    const published = new Promise<PublishDiagnosticsParams>((resolve) =>
      connection.onNotification('textDocument/publishDiagnostics', resolve),
    );
    await connection.sendNotification('textDocument/didOpen', {
      textDocument: {
        uri: `untitled:${transport}.sql`,
        languageId: 'sql',
        version: 1,
        text: 'CREATE INDEX "i" ON "t" ("c");',
      },
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
  const p = await lintOver('ipc', CLI, ['lsp', '--node-ipc']);
  assert.ok(p.diagnostics.some((d) => d.code === 'index-not-concurrent'));
});

test('server/out/lsp/main.js lints over node IPC', async () => {
  const p = await lintOver('ipc', MAIN, ['--node-ipc']);
  assert.ok(p.diagnostics.some((d) => d.code === 'index-not-concurrent'));
});

test('server/out/lsp/main.js (the module the VS Code client forks) lints over stdio', async () => {
  const p = await lintOver('stdio', MAIN, ['--stdio']);
  assert.ok(p.diagnostics.some((d) => d.code === 'index-not-concurrent'));
});

for (const shutdown of [true, false])
  test(`over stdio the server exits when its input ends: code ${shutdown ? 0 : 1} ${shutdown ? 'after' : 'without'} a shutdown request`, async () => {
    const { child, connection } = forkStdio(MAIN, ['--stdio']);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await initialize(connection);
    if (shutdown) await connection.sendRequest('shutdown');
    child.stdin!.end();
    assert.equal(await exited, shutdown ? 0 : 1);
    connection.dispose();
  });
