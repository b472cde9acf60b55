/** Which migrations folder and which range a dry run covers (vscode-free). */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The drizzle migrations folder holding `file` (v0: beside meta/_journal.json; v1: <folder>/<ts>_<name>/migration.sql). */
export function folderOfMigration(file: string): string | undefined {
  const dir = path.dirname(file);
  if (fs.existsSync(path.join(dir, 'meta', '_journal.json'))) return dir;
  if (path.basename(file) === 'migration.sql') return path.dirname(dir);
  return undefined;
}

/** The migration's name as `--from`/`--to` accept it: the journal tag or the v1 folder name. */
export function migrationTag(file: string): string {
  return path.basename(file) === 'migration.sql'
    ? path.basename(path.dirname(file))
    : path.basename(file).replace(/\.sql$/, '');
}

/** The tags of a folder's migrations in drizzle's order (journal order for v0, names for v1). */
export function migrationTags(folder: string): string[] {
  try {
    const j = JSON.parse(fs.readFileSync(path.join(folder, 'meta', '_journal.json'), 'utf8')) as {
      entries?: { tag?: unknown }[];
    };
    return (j.entries ?? []).map((e) => e.tag).filter((t): t is string => typeof t === 'string');
  } catch {
    return fs
      .readdirSync(folder, { withFileTypes: true })
      .filter((e) => e.isDirectory() && fs.existsSync(path.join(folder, e.name, 'migration.sql')))
      .map((e) => e.name)
      .sort();
  }
}
