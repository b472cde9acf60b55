/**
 * The LanguageClient: spawns server/out/lsp/main.js (dist/server.js in the bundle) over node IPC for the migration
 * files (see migrations.ts), logs into the "Migration Guard" output channel, and is rebuilt when what counts as a
 * migration changes.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  LanguageClient,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { CONFIG_GLOBS, isMigration, migrationFilters, type MigrationFilter } from './migrations';

export const CLIENT_ID = 'migrationGuard';

/** dist/server.js beside the bundled client (dist/client.js, the packaged extension), else the tsc output. */
function serverModule(context: vscode.ExtensionContext): string {
  const bundled = path.join(__dirname, 'server.js');
  if (fs.existsSync(bundled)) return bundled;
  return context.asAbsolutePath(path.join('server', 'out', 'lsp', 'main.js'));
}

export class ServerController implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private filters: MigrationFilter[] = [];
  private readonly subscriptions: vscode.Disposable[] = [];
  private restarting: Promise<void> | undefined;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly output: vscode.LogOutputChannel,
    private readonly onFiltersChanged: () => void,
  ) {
    const refresh = (): void => void this.refreshFilters();
    for (const glob of CONFIG_GLOBS) {
      const watcher = vscode.workspace.createFileSystemWatcher(glob);
      this.subscriptions.push(
        watcher,
        watcher.onDidCreate(refresh),
        watcher.onDidChange(refresh),
        watcher.onDidDelete(refresh),
      );
    }
    this.subscriptions.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('migrationGuard.migrationsGlobs')) refresh();
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(refresh),
    );
  }

  isMigration(doc: vscode.TextDocument): boolean {
    return isMigration(this.filters, doc);
  }

  async start(): Promise<void> {
    this.filters = await migrationFilters();
    this.onFiltersChanged();
    const module = serverModule(this.context);
    const serverOptions: ServerOptions = {
      // stdio: there the server encodes a re-lint's diagnostics incrementally (over node-ipc, Node's channel
      // serialises every message whole).
      run: { module, transport: TransportKind.stdio },
      debug: { module, transport: TransportKind.stdio, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: this.filters,
      outputChannel: this.output,
      traceOutputChannel: this.output,
      diagnosticCollectionName: 'migration-guard',
    };
    this.client = new LanguageClient(CLIENT_ID, 'Migration Guard', serverOptions, clientOptions);
    this.output.info(`Starting the language server ${module} for ${this.filters.map((f) => f.pattern).join(', ')}`);
    await this.client.start();
  }

  async stop(): Promise<void> {
    const c = this.client;
    this.client = undefined;
    if (c?.isRunning()) await c.stop();
    else await c?.dispose();
  }

  restart(): Promise<void> {
    this.restarting ??= (async () => {
      try {
        await this.stop();
        await this.start();
        this.output.info('The language server restarted.');
      } finally {
        this.restarting = undefined;
      }
    })();
    return this.restarting;
  }

  private async refreshFilters(): Promise<void> {
    const next = await migrationFilters();
    if (JSON.stringify(next) === JSON.stringify(this.filters)) return;
    this.output.info('The set of migration folders changed: restarting the language server.');
    await this.restart();
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    void this.stop();
  }
}
