/**
 * The language server: connection wiring. Transport from the command line (`--stdio`, `--node-ipc`, `--socket=N`;
 * connection.ts): `migration-guard lsp --stdio` for any LSP client, main.js for VS Code.
 */
import * as path from 'node:path';
import {
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  MessageType,
  ShowMessageNotification,
  TextDocuments,
  type Connection,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CONFIG_FILE } from '../engine/config';
import { clientFeatures, serverCapabilities, type ClientFeatures } from './capabilities';
import { executeCommand } from './commands';
import { createServerConnection, noteShutdown } from './connection';
import { LocalHost } from './engine-host';
import type { FeatureName, FeatureParams, FeatureResults } from './features';
import { filePath, LintScheduler } from './lint-scheduler';
import { SECTION, SettingsResolver, type ClientSettings } from './settings';
import { WorkerHost } from './worker-host';

/** Files whose change alters what a migration means: config, journal, other migrations. */
const WATCHED = [`**/${CONFIG_FILE}`, '**/meta/_journal.json', '**/*.sql'];

export function startServer(connection: Connection = createServerConnection()): void {
  const documents = new TextDocuments(TextDocument);
  let client: ClientFeatures | undefined;
  const log = (m: string): void => connection.console.error(m);
  const settings = new SettingsResolver({
    fetch: async (uri) =>
      client?.configuration
        ? (((await connection.workspace.getConfiguration({
            scopeUri: uri,
            section: SECTION,
          })) as ClientSettings | null) ?? undefined)
        : undefined,
    report: (m) => {
      connection.console.error(m);
      void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Error, message: m });
    },
  });
  const local = new LocalHost();
  const worker = new WorkerHost(log);
  const scheduler = new LintScheduler({
    documents,
    settings,
    local,
    worker,
    log,
    publish: (uri, version, diagnostics) =>
      void connection.sendDiagnostics({ uri, ...(version > 0 ? { version } : {}), diagnostics }),
  });

  async function feature<K extends FeatureName>(
    uri: string,
    name: K,
    params: FeatureParams[K],
    empty: FeatureResults[K],
  ): Promise<FeatureResults[K]> {
    const host = await scheduler.ready(uri);
    if (!host) return empty;
    return (await host.feature(uri, name, params)) ?? empty;
  }

  connection.onInitialize((params) => {
    client = clientFeatures(params.capabilities);
    return serverCapabilities(client);
  });
  connection.onInitialized(() => {
    const failed = (e: unknown): void => log(`Migration Guard: registration failed: ${String(e)}`);
    if (client?.dynamicConfiguration)
      connection.client.register(DidChangeConfigurationNotification.type, { section: SECTION }).catch(failed);
    if (client?.dynamicWatchedFiles)
      connection.client
        .register(DidChangeWatchedFilesNotification.type, { watchers: WATCHED.map((globPattern) => ({ globPattern })) })
        .catch(failed);
  });
  connection.onDidChangeConfiguration((change) => {
    settings.reset(change.settings);
    scheduler.relintAll();
  });
  connection.onDidChangeWatchedFiles((params) => {
    const files = params.changes.map((c) => filePath(c.uri)).filter((f): f is string => !!f);
    local.invalidate(files);
    worker.invalidate(files);
    if (files.some((f) => path.basename(f) === CONFIG_FILE)) {
      settings.reset();
      scheduler.relintAll();
      return;
    }
    // A journal or another migration changed: re-lint the open files of the same folders.
    const near = (f: string): string[] => [path.dirname(f), path.dirname(path.dirname(f))];
    const touched = new Set(files.flatMap(near));
    for (const doc of documents.all()) {
      const p = filePath(doc.uri);
      if (p && !files.includes(p) && near(p).some((d) => touched.has(d))) scheduler.schedule(doc.uri);
    }
  });

  documents.onDidChangeContent((e) => scheduler.schedule(e.document.uri));
  documents.onDidClose((e) => scheduler.forget(e.document.uri));

  connection.onHover((p) => feature(p.textDocument.uri, 'hover', p.position, null));
  connection.onDocumentSymbol((p) => feature(p.textDocument.uri, 'symbols', null, []));
  connection.onFoldingRanges((p) => feature(p.textDocument.uri, 'folding', null, []));
  connection.onCodeLens((p) => feature(p.textDocument.uri, 'codeLens', null, []));
  connection.onCodeAction((p) => {
    const version = documents.get(p.textDocument.uri)?.version ?? -1;
    return feature(
      p.textDocument.uri,
      'codeActions',
      {
        range: p.range,
        diagnostics: p.context.diagnostics,
        ...(p.context.only ? { only: p.context.only } : {}),
        version,
        documentChanges: client?.documentChanges ?? false,
      },
      [],
    );
  });
  connection.onExecuteCommand((p) =>
    executeCommand(connection, client?.showDocument ?? false, p.command, p.arguments ?? []),
  );
  connection.onShutdown(() => {
    noteShutdown();
    worker.dispose();
    local.dispose();
  });

  documents.listen(connection);
  connection.listen();
}
