/**
 * VS Code entry point. Activation stays cheap: the language client (and vscode-languageclient) load lazily, and
 * commands are registered up front so that each activates the extension on its own.
 */
import * as vscode from 'vscode';
import type { ServerController } from './language-client';
import type { FindingsStatusBar, StatusBarState } from './status-bar';

export interface MigrationGuardApi {
  /** Time from the start of activate() until the language server answered `initialize` (ms). */
  activationMs: number;
  statusBar(): StatusBarState | undefined;
}

let controller: ServerController | undefined;
let statusBar: FindingsStatusBar | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<MigrationGuardApi> {
  const t0 = performance.now();
  const output = vscode.window.createOutputChannel('Migration Guard', { log: true });
  context.subscriptions.push(output);
  const command = (id: string, run: () => unknown): void => {
    context.subscriptions.push(vscode.commands.registerCommand(id, run));
  };
  // Loaded on first use: activation does not pay for them.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const commands = (): typeof import('./commands') => require('./commands') as typeof import('./commands');
  command('migrationGuard.restartServer', () => controller?.restart());
  command('migrationGuard.showOutput', () => output.show());
  command('migrationGuard.fixAll', () => commands().fixAll());
  let dryRunReady = false;
  const withDryRun = (): typeof import('./dry-run/command') => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require('./dry-run/command') as typeof import('./dry-run/command');
    if (!dryRunReady) mod.initDryRun(context, output);
    dryRunReady = true;
    return mod;
  };
  command('migrationGuard.dryRun', (arg?: vscode.Uri) => withDryRun().dryRunMigrations(arg));
  command('migrationGuard.dryRunFile', (arg?: vscode.Uri) => withDryRun().dryRunFile(arg));
  // Arguments (a drizzle.config Uri, or { config, name }) skip the prompts: explorer menu, keybindings, tests.
  command('migrationGuard.generateMigration', (arg?: vscode.Uri) => commands().generateMigration(arg));
  command('migrationGuard.generateCustomMigration', (arg?: vscode.Uri) => commands().generateCustomMigration(arg));
  command('migrationGuard.checkMigrations', () => commands().checkMigrationsFolder());

  // vscode-languageclient is the bulk of the code: it loads here, after the commands exist.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { ServerController } = require('./language-client') as typeof import('./language-client');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { FindingsStatusBar } = require('./status-bar') as typeof import('./status-bar');
  const server = new ServerController(context, output, () => statusBar?.update());
  controller = server;
  statusBar = new FindingsStatusBar((doc: vscode.TextDocument) => server.isMigration(doc));
  context.subscriptions.push(server, statusBar);
  try {
    await server.start();
  } catch (e) {
    output.error(`The language server did not start: ${(e as Error).stack ?? String(e)}`);
    void vscode.window.showErrorMessage('Migration Guard: the language server did not start (see its output).');
  }
  const activationMs = Math.round(performance.now() - t0);
  output.info(`Activated in ${activationMs} ms.`);
  return { activationMs, statusBar: () => statusBar?.state() };
}

export async function deactivate(): Promise<void> {
  await controller?.stop();
  controller = undefined;
}
