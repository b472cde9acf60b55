/** The extension's commands. Those that run project code (drizzle-kit) need a trusted workspace. */
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

// Generate Migration, Generate Custom Migration and Check Migrations Folder live in ./generate (one concern per file).
export { checkMigrationsFolder, generateCustomMigration, generateMigration } from './generate';
