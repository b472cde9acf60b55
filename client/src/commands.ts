/** The extension's commands. Those that run project code (drizzle-kit) need a trusted workspace. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

export const FIX_ALL_KIND = 'source.fixAll.migrationGuard';

export async function fixAll(): Promise<void> {
  await vscode.commands.executeCommand('editor.action.sourceAction', { kind: FIX_ALL_KIND, apply: 'first' });
}

/** The dry run is its own piece of work (not built yet): say so instead of pretending. */
export async function dryRunNotAvailable(): Promise<void> {
  await vscode.window.showInformationMessage(
    'Migration Guard: Dry run is not available yet. It will apply the migrations to a throwaway Postgres and report each statement’s locks, rewrites and time.',
  );
}

function findUp(dir: string, rel: string): string | undefined {
  for (let d = dir; ; d = path.dirname(d)) {
    const f = path.join(d, rel);
    if (fs.existsSync(f)) return f;
    if (path.dirname(d) === d) return undefined;
  }
}

/** Runs the project's own drizzle-kit (never a bundled copy) in a terminal. */
export async function generateMigration(): Promise<void> {
  if (!vscode.workspace.isTrusted) {
    const manage = 'Manage Workspace Trust';
    const pick = await vscode.window.showWarningMessage(
      'Migration Guard: generating a migration runs drizzle-kit, which executes this project’s drizzle.config. Trust the workspace to enable it (linting works without trust).',
      manage,
    );
    if (pick === manage) await vscode.commands.executeCommand('workbench.trust.manage');
    return;
  }
  const configs = await vscode.workspace.findFiles(
    '**/drizzle.config.{ts,js,mjs,cjs,mts,cts,json}',
    '**/node_modules/**',
    20,
  );
  if (configs.length === 0) {
    await vscode.window.showErrorMessage('Migration Guard: no drizzle.config.* in this workspace.');
    return;
  }
  const chosen =
    configs.length === 1
      ? configs[0]
      : (
          await vscode.window.showQuickPick(
            configs.map((c) => ({ label: vscode.workspace.asRelativePath(c), uri: c })),
            { placeHolder: 'Which drizzle project?' },
          )
        )?.uri;
  if (!chosen) return;
  const cwd = path.dirname(chosen.fsPath);
  const bin = findUp(cwd, path.join('node_modules', '.bin', 'drizzle-kit'));
  if (!bin) {
    await vscode.window.showErrorMessage(
      `Migration Guard: drizzle-kit is not installed in ${vscode.workspace.asRelativePath(cwd)} (npm install -D drizzle-kit).`,
    );
    return;
  }
  const terminal = vscode.window.createTerminal({ name: 'drizzle-kit generate', cwd });
  terminal.show();
  terminal.sendText(`"${bin}" generate --config "${path.basename(chosen.fsPath)}"`);
}
