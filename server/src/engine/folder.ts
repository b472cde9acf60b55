/**
 * The drizzle migrations-folder model: v0 (`NNNN_name.sql` + `meta/_journal.json`, dialect `postgresql` or the old
 * `pg`) and v1 (`<timestamp>_<name>/migration.sql`, no journal). Orders migrations as drizzle's migrator does.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LineIndex } from './text';
import type { Range } from './types';

export interface JournalEntry {
  idx: number;
  when: number;
  tag: string;
  breakpoints?: boolean;
  /** Range of the entry's `tag` in the journal file. */
  range: Range;
}

export interface Migration {
  /** Absolute path of the SQL file. */
  file: string;
  /** Name as drizzle knows it (journal tag, or v1 folder name). */
  tag: string;
  /** Numeric prefix (`0003`, `20250508083758`), if the name has one. */
  number?: string;
  /** The journal entry (v0 only). */
  entry?: JournalEntry;
}

export interface MigrationFolder {
  dir: string;
  layout: 'v0' | 'v1' | 'plain';
  journalFile?: string;
  journalDialect?: string;
  /** A journal that exists but cannot be read or parsed. */
  journalError?: string;
  entries: JournalEntry[];
  /** Migrations drizzle applies, in its order. */
  migrations: Migration[];
  /** SQL files drizzle never applies (not in the journal). */
  orphans: Migration[];
}

export const JOURNAL = path.join('meta', '_journal.json');

function numberOf(name: string): string | undefined {
  return /^(\d+)[_-]/.exec(name)?.[1];
}

function listSql(dir: string): string[] {
  try {
    return fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isFile() && e.name.endsWith('.sql'))
      .map((e) => e.name)
      .sort();
  } catch {
    return [];
  }
}

function v1Folders(dir: string): string[] {
  try {
    return fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory() && fs.existsSync(path.join(dir, e.name, 'migration.sql')))
      .map((e) => e.name)
      .sort();
  } catch {
    return [];
  }
}

function readJournal(file: string): { entries: JournalEntry[]; dialect?: string } {
  const text = fs.readFileSync(file, 'utf8');
  const json = JSON.parse(text) as { dialect?: unknown; entries?: unknown };
  if (!Array.isArray(json.entries)) throw new Error('"entries" is missing or not an array');
  const lines = new LineIndex(text);
  let from = 0;
  const entries = json.entries.map((raw: unknown, i: number) => {
    const e = raw as { idx?: unknown; when?: unknown; tag?: unknown; breakpoints?: unknown };
    if (typeof e.tag !== 'string') throw new Error(`entry ${i} has no "tag"`);
    const at = text.indexOf(JSON.stringify(e.tag), from);
    const start = at >= 0 ? at : 0;
    if (at >= 0) from = at + 1;
    return {
      idx: typeof e.idx === 'number' ? e.idx : i,
      when: typeof e.when === 'number' ? e.when : NaN,
      tag: e.tag,
      ...(typeof e.breakpoints === 'boolean' ? { breakpoints: e.breakpoints } : {}),
      range: lines.range(start, start + JSON.stringify(e.tag).length),
    };
  });
  return { entries, ...(typeof json.dialect === 'string' ? { dialect: json.dialect } : {}) };
}

export function isMigrationsFolder(dir: string): boolean {
  return fs.existsSync(path.join(dir, JOURNAL)) || v1Folders(dir).length > 0;
}

export function readMigrationFolder(dir: string): MigrationFolder {
  const abs = path.resolve(dir);
  const journalFile = path.join(abs, JOURNAL);
  const files = listSql(abs);
  const toMigration = (name: string): Migration => {
    const tag = name.replace(/\.sql$/, '');
    const n = numberOf(name);
    return { file: path.join(abs, name), tag, ...(n ? { number: n } : {}) };
  };
  if (fs.existsSync(journalFile)) {
    const folder: MigrationFolder = { dir: abs, layout: 'v0', journalFile, entries: [], migrations: [], orphans: [] };
    try {
      const j = readJournal(journalFile);
      folder.entries = j.entries;
      if (j.dialect) folder.journalDialect = j.dialect;
    } catch (e) {
      folder.journalError = `${journalFile}: cannot read the journal (${(e as Error).message})`;
      folder.orphans = files.map(toMigration);
      return folder;
    }
    const byTag = new Map(files.map((f) => [f.replace(/\.sql$/, ''), f]));
    for (const entry of folder.entries) {
      const name = byTag.get(entry.tag);
      if (name) folder.migrations.push({ ...toMigration(name), entry });
    }
    const listed = new Set(folder.entries.map((e) => e.tag));
    folder.orphans = files.filter((f) => !listed.has(f.replace(/\.sql$/, ''))).map(toMigration);
    return folder;
  }
  const v1 = v1Folders(abs);
  if (v1.length > 0) {
    return {
      dir: abs,
      layout: 'v1',
      entries: [],
      migrations: v1.map((name) => {
        const n = numberOf(name);
        return { file: path.join(abs, name, 'migration.sql'), tag: name, ...(n ? { number: n } : {}) };
      }),
      orphans: files.map(toMigration),
    };
  }
  return { dir: abs, layout: 'plain', entries: [], migrations: files.map(toMigration), orphans: [] };
}

/** The migrations folder that holds `file` (its own folder, or the parent for the v1 layout), if any. */
export function folderOf(file: string): string | undefined {
  const dir = path.dirname(path.resolve(file));
  if (fs.existsSync(path.join(dir, JOURNAL))) return dir;
  if (path.basename(file) === 'migration.sql' && isMigrationsFolder(path.dirname(dir))) return path.dirname(dir);
  return undefined;
}
