/**
 * What drizzle-kit wrote, found by comparing the migrations folder before and after the run (never its stdout,
 * which differs between versions and is lost with the terminal). vscode-free, so node tests use it directly.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface FolderState {
  /** Tags of meta/_journal.json, in order (empty without a journal, e.g. drizzle v1's folder layout). */
  tags: string[];
  /** Migration files relative to the folder: `NNNN_name.sql`, or `<stamp>_<name>/migration.sql` (drizzle v1). */
  files: string[];
}

export type Outcome =
  | { kind: 'written'; files: string[] }
  | { kind: 'nothing-written'; message: string }
  | { kind: 'failed'; exitCode: number | undefined; message: string };

/** The `out` folder of a drizzle config, read from its text (running the config is drizzle-kit's job). */
export function migrationsFolder(configFile: string): string {
  const dir = path.dirname(configFile);
  let out = 'drizzle';
  try {
    const text = fs.readFileSync(configFile, 'utf8');
    const m = configFile.endsWith('.json')
      ? /"out"\s*:\s*"([^"]+)"/.exec(text)
      : /\bout\s*:\s*(['"`])([^'"`]+)\1/.exec(text);
    if (m) out = (m[2] ?? m[1]) as string;
  } catch {
    // Unreadable config: drizzle-kit will say why; keep the default folder.
  }
  return path.resolve(dir, out);
}

function journalTags(folder: string): string[] {
  try {
    const j = JSON.parse(fs.readFileSync(path.join(folder, 'meta', '_journal.json'), 'utf8')) as {
      entries?: { tag?: unknown }[];
    };
    return (j.entries ?? []).map((e) => e.tag).filter((t): t is string => typeof t === 'string');
  } catch {
    return [];
  }
}

function migrationFiles(folder: string): string[] {
  let names: fs.Dirent[];
  try {
    names = fs.readdirSync(folder, { withFileTypes: true });
  } catch {
    return [];
  }
  const files: string[] = [];
  for (const d of names) {
    if (d.isFile() && d.name.endsWith('.sql')) files.push(d.name);
    else if (d.isDirectory() && fs.existsSync(path.join(folder, d.name, 'migration.sql')))
      files.push(path.join(d.name, 'migration.sql'));
  }
  return files.sort();
}

export function readFolderState(folder: string): FolderState {
  return { tags: journalTags(folder), files: migrationFiles(folder) };
}

/** Absolute paths of the migrations added between two states: new journal tags first, then new files. */
export function newMigrations(folder: string, before: FolderState, after: FolderState): string[] {
  const oldTags = new Set(before.tags);
  const oldFiles = new Set(before.files);
  const found: string[] = [];
  for (const tag of after.tags) {
    const rel = `${tag}.sql`;
    if (!oldTags.has(tag) && fs.existsSync(path.join(folder, rel))) found.push(rel);
  }
  for (const f of after.files) if (!oldFiles.has(f) && !found.includes(f)) found.push(f);
  return found.map((f) => path.join(folder, f));
}

/**
 * The verdict of one run. Exit 0 with no new file is NOT success: drizzle-kit also exits 0 without writing when
 * it needed to ask (rename or create?) and had no terminal to ask in.
 */
export function outcome(exitCode: number | undefined, written: string[]): Outcome {
  if (written.length > 0) return { kind: 'written', files: written };
  if (exitCode !== 0)
    return {
      kind: 'failed',
      exitCode,
      message:
        exitCode === undefined
          ? 'drizzle-kit did not finish (the terminal was closed): nothing written.'
          : `drizzle-kit exited with code ${exitCode}: nothing written.`,
    };
  return {
    kind: 'nothing-written',
    message:
      'drizzle-kit wrote nothing: no schema changes (or a rename/create question went unanswered). No migration was generated.',
  };
}
