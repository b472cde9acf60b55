/**
 * Turns planned migrations into files after the last migration of the folder: the next number in the folder's
 * prefix style (index `0007_`, 14-digit timestamps, 10-digit unix seconds; v1 `<timestamp>_<name>/migration.sql`),
 * journal entries whose `when` is greater than every existing one, and carried-forward snapshots.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { MigrationFolder } from '../engine/folder';
import { carrySnapshot, journalInsert, type NewEntry } from './journal';
import { BREAKPOINT_SEP } from './sql';
import type { FileEditData, NewFileData, PlannedMigration } from './types';

export interface FolderOutput {
  newFiles: NewFileData[];
  fileEdits: FileEditData[];
  /** The tags of the new migrations, in order. */
  tags: string[];
}

/** The text of a new migration: the header comment, then the statements joined as drizzle writes them. */
export function migrationText(m: PlannedMigration): string {
  const header = m.header.map((l) => `-- ${l}`).join('\n');
  return `${header}\n${m.statements.map((s) => `${s};`).join(BREAKPOINT_SEP)}\n`;
}

function safeName(name: string): string {
  const s = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return (s || 'rewrite').slice(0, 48).replace(/_+$/, '');
}

/** The numbers that follow `existing` in their style (deterministic: never reads the clock). */
export function nextNumbers(existing: string[], count: number, v1: boolean): string[] {
  const nums = existing.filter((n) => /^\d+$/.test(n));
  const width = Math.max(v1 ? 14 : 4, ...nums.map((n) => n.length));
  const max = nums.reduce((m, n) => (BigInt(n) > m ? BigInt(n) : m), -1n);
  const out: string[] = [];
  for (let i = 1n; i <= BigInt(count); i++) out.push((max + i).toString().padStart(width, '0'));
  return out;
}

function numberOf(tag: string): string | undefined {
  return /^(\d+)[_-]/.exec(tag)?.[1];
}

/** Lays out `planned` after the folder's last migration. Throws when the folder cannot take new files. */
export function placeMigrations(folder: MigrationFolder, planned: PlannedMigration[]): FolderOutput {
  const out: FolderOutput = { newFiles: [], fileEdits: [], tags: [] };
  if (planned.length === 0) return out;
  if (folder.journalError) throw new Error(folder.journalError);
  const tags = [...folder.entries.map((e) => e.tag), ...folder.migrations.map((m) => m.tag)];
  tags.push(...folder.orphans.map((m) => m.tag));
  const v1 = folder.layout === 'v1';
  const numbers = nextNumbers(
    tags.map(numberOf).filter((n): n is string => !!n),
    planned.length,
    v1,
  );
  const newTags = planned.map((m, i) => `${numbers[i]}_${safeName(m.name)}`);
  out.tags = newTags;
  planned.forEach((m, i) => {
    const file = v1 ? path.join(folder.dir, newTags[i]!, 'migration.sql') : path.join(folder.dir, `${newTags[i]}.sql`);
    out.newFiles.push({ path: file, content: migrationText(m) });
  });
  if (folder.layout === 'v0' && folder.journalFile) {
    const last = folder.entries[folder.entries.length - 1];
    const maxWhen = folder.entries.reduce((m, e) => (Number.isFinite(e.when) && e.when > m ? e.when : m), 0);
    const maxIdx = folder.entries.reduce((m, e) => Math.max(m, e.idx), -1);
    const journal = fs.readFileSync(folder.journalFile, 'utf8');
    const version = /"version"\s*:\s*"(\d+)"/.exec(journal)?.[1] ?? '7';
    const entries: NewEntry[] = newTags.map((tag, i) => ({
      idx: maxIdx + 1 + i,
      version,
      when: maxWhen + 1 + i,
      tag,
      breakpoints: last?.breakpoints ?? true,
    }));
    out.fileEdits.push({ path: folder.journalFile, edits: [journalInsert(journal, entries)] });
    const prevNumber = last ? numberOf(last.tag) : undefined;
    const prevSnap = prevNumber && path.join(folder.dir, 'meta', `${prevNumber}_snapshot.json`);
    if (prevSnap && fs.existsSync(prevSnap)) {
      let text = fs.readFileSync(prevSnap, 'utf8');
      newTags.forEach((tag, i) => {
        text = carrySnapshot(text, tag).text;
        out.newFiles.push({ path: path.join(folder.dir, 'meta', `${numbers[i]}_snapshot.json`), content: text });
      });
    }
  } else if (v1) {
    const last = folder.migrations[folder.migrations.length - 1];
    const prevSnap = last && path.join(path.dirname(last.file), 'snapshot.json');
    if (prevSnap && fs.existsSync(prevSnap)) {
      let text = fs.readFileSync(prevSnap, 'utf8');
      newTags.forEach((tag) => {
        text = carrySnapshot(text, tag).text;
        out.newFiles.push({ path: path.join(folder.dir, tag, 'snapshot.json'), content: text });
      });
    }
  }
  return out;
}
