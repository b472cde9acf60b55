/** Choosing the drizzle project (multi-root workspaces and monorepos) and the migration name. */
import * as vscode from 'vscode';
import { validateMigrationName } from './names';

export const CONFIG_GLOB = '**/drizzle.config.{ts,js,mjs,cjs,mts,cts,json}';

export async function pickConfig(): Promise<vscode.Uri | undefined> {
  const configs = await vscode.workspace.findFiles(CONFIG_GLOB, '**/node_modules/**', 50);
  if (configs.length === 0) {
    await vscode.window.showErrorMessage(
      'Migration Guard: no drizzle.config.{ts,js,mjs,cjs,mts,cts,json} in this workspace.',
    );
    return undefined;
  }
  if (configs.length === 1) return configs[0];
  const items = configs
    .map((uri) => ({ label: vscode.workspace.asRelativePath(uri, true), uri }))
    .sort((a, b) => a.label.localeCompare(b.label));
  return (await vscode.window.showQuickPick(items, { placeHolder: 'Which drizzle project?' }))?.uri;
}

export function askName(custom: boolean): Thenable<string | undefined> {
  return vscode.window.showInputBox({
    title: custom ? 'Custom migration name' : 'Migration name',
    prompt: 'Appended to the file name by drizzle-kit (letters, digits, _ and -)',
    placeHolder: custom ? 'backfill_full_name' : 'add_orders_status',
    validateInput: validateMigrationName,
  });
}
