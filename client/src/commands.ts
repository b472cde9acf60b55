/** The extension's commands. Those that run project code (drizzle-kit) need a trusted workspace. */
import * as vscode from 'vscode';

export const FIX_ALL_KIND = 'source.fixAll.migrationGuard';

export async function fixAll(): Promise<void> {
  await vscode.commands.executeCommand('editor.action.sourceAction', { kind: FIX_ALL_KIND, apply: 'first' });
}

// Generate Migration, Generate Custom Migration and Check Migrations Folder live in ./generate (one concern per file).
export { checkMigrationsFolder, generateCustomMigration, generateMigration } from './generate';
