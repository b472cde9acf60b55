/**
 * Which SQL files are migrations: `.sql` files under a folder named `drizzle`, under the `out` folder of a
 * `drizzle.config.*` (read as text, never executed: linting works in untrusted workspaces), under the `migrationsDir`
 * of a `migration-guard.json`, and those matching `migrationGuard.migrationsGlobs` (per workspace folder).
 */
import * as path from 'node:path';
import * as vscode from 'vscode';

/** The files that say where migrations live (no nested `{}`: findFiles' ripgrep refuses them). */
export const CONFIG_GLOBS = ['**/drizzle.config.{ts,js,mjs,cjs,mts,cts,json}', '**/migration-guard.json'];
const EXCLUDE = '**/node_modules/**';

export interface MigrationFilter {
  scheme: 'file';
  language: 'sql';
  pattern: string;
}

/** A glob that matches absolute paths under `dir`. */
function under(dir: string): string {
  return `${dir
    .split(path.sep)
    .join('/')
    .replace(/[[\]{}?*]/g, '?')}/**/*.sql`;
}

async function readText(uri: vscode.Uri): Promise<string | undefined> {
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}

/** The folder a drizzle.config.* or migration-guard.json points to, if it says. */
async function configuredDir(file: vscode.Uri): Promise<string | undefined> {
  const text = await readText(file);
  if (text === undefined) return undefined;
  const dir = path.dirname(file.fsPath);
  if (path.basename(file.fsPath) === 'migration-guard.json') {
    try {
      const dirName = (JSON.parse(text) as { migrationsDir?: unknown }).migrationsDir;
      return typeof dirName === 'string' ? path.resolve(dir, dirName) : undefined;
    } catch {
      return undefined;
    }
  }
  const m = /["']?out["']?\s*:\s*["'`]([^"'`]+)["'`]/.exec(text);
  return path.resolve(dir, m?.[1] ?? 'drizzle');
}

/** The document selector of the language client. */
export async function migrationFilters(): Promise<MigrationFilter[]> {
  const patterns = new Set<string>(['**/drizzle/**/*.sql']);
  const configs = (await Promise.all(CONFIG_GLOBS.map((g) => vscode.workspace.findFiles(g, EXCLUDE, 200)))).flat();
  for (const c of configs) {
    const dir = await configuredDir(c);
    if (dir) patterns.add(under(dir));
  }
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const globs =
      vscode.workspace.getConfiguration('migrationGuard', folder.uri).get<string[]>('migrationsGlobs') ?? [];
    for (const g of globs) {
      if (typeof g !== 'string' || g.trim() === '') continue;
      patterns.add(
        path.isAbsolute(g) || g.startsWith('**') ? g : `${under(folder.uri.fsPath).slice(0, -'/**/*.sql'.length)}/${g}`,
      );
    }
  }
  return [...patterns].sort().map((pattern) => ({ scheme: 'file', language: 'sql', pattern }));
}

export function isMigration(filters: MigrationFilter[], doc: vscode.TextDocument): boolean {
  return vscode.languages.match(filters, doc) > 0;
}
