/** Temp drizzle folders, rewrites applied to disk, and lint results before/after (the real engine). */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzeText } from '../../server/out/engine/analyze';
import { readMigrationFolder } from '../../server/out/engine/folder';
import type { LintSettings } from '../../server/out/engine/lint';
import { historyBefore, lintFolder, readSource } from '../../server/out/engine/project';
import type { Finding } from '../../server/out/engine/types';
import { computeRewrites } from '../../server/out/fixes';
import type { RewriteEdit, TextEditData } from '../../server/out/fixes/types';
import { BASE, type Scenario } from './scenarios';

export const settings = (pgVersion = 16): LintSettings => ({ pgVersion, transactionMode: 'drizzle-batch', rules: {} });

export interface FolderSpec {
  /** tag -> SQL, in journal order. */
  migrations: [string, string][];
  /** Write `meta/NNNN_snapshot.json` files chained by id/prevId. */
  snapshots?: boolean;
  oneLineJournal?: boolean;
}

const tempDirs: string[] = [];

export function tempDir(prefix = 'mg-fix-'): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.push(d);
  return d;
}

export function cleanup(): void {
  for (const d of tempDirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
}

export function makeFolder(spec: FolderSpec): string {
  const dir = tempDir();
  fs.mkdirSync(path.join(dir, 'meta'));
  const entries = spec.migrations.map(([tag], idx) => ({
    idx,
    version: '7',
    when: 1_700_000_000_000 + idx * 1000,
    tag,
    breakpoints: true,
  }));
  const journal = spec.oneLineJournal
    ? `{\n  "version": "7",\n  "dialect": "postgresql",\n  "entries": [\n${entries.map((e) => `    ${JSON.stringify(e).replace(/,"/g, ', "').replace(/":/g, '": ').replace(/^\{/, '{ ').replace(/\}$/, ' }')}`).join(',\n')}\n  ]\n}`
    : JSON.stringify({ version: '7', dialect: 'postgresql', entries }, null, 2);
  fs.writeFileSync(path.join(dir, 'meta', '_journal.json'), journal);
  let prev = '00000000-0000-0000-0000-000000000000';
  spec.migrations.forEach(([tag, sql], i) => {
    fs.writeFileSync(path.join(dir, `${tag}.sql`), sql);
    if (!spec.snapshots) return;
    const id = `11111111-1111-4111-8111-${String(i).padStart(12, '0')}`;
    const snap = { id, prevId: prev, version: '7', dialect: 'postgresql', tables: {} };
    fs.writeFileSync(path.join(dir, 'meta', `${tag.slice(0, 4)}_snapshot.json`), JSON.stringify(snap, null, 2));
    prev = id;
  });
  return dir;
}

/** A scenario's folder: the shared first migration, then the scenario's migration as `0001_change.sql`. */
export function scenarioFolder(s: Scenario): { dir: string; file: string } {
  const dir = makeFolder({
    migrations: [
      ['0000_init', BASE],
      ['0001_change', s.migration],
    ],
    snapshots: true,
  });
  return { dir, file: path.join(dir, '0001_change.sql') };
}

export function copyFolder(dir: string): string {
  const to = tempDir();
  fs.cpSync(dir, to, { recursive: true });
  return to;
}

/** The findings of one file in its folder. */
export function findingsOf(dir: string, file: string, s: LintSettings): Finding[] {
  return lintFolder(dir, s).files.get(path.resolve(file)) ?? [];
}

/** Every rewrite of the first finding of `rule` in `file`. */
export function rewritesOf(dir: string, file: string, rule: string, s: LintSettings): RewriteEdit[] {
  const finding = findingsOf(dir, file, s).find((f) => f.rule === rule);
  if (!finding) throw new Error(`no ${rule} finding in ${file}`);
  const text = readSource(file);
  return computeRewrites({
    file: analyzeText(text, { transactionMode: s.transactionMode }),
    finding,
    path: path.resolve(file),
    folder: readMigrationFolder(dir),
    pgVersion: s.pgVersion,
    transactionMode: s.transactionMode,
    history: historyBefore(dir, path.resolve(file), s),
  });
}

export function applyText(text: string, edits: TextEditData[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start))
    out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

/** Writes a rewrite into the folder: edits of the current file, journal/snapshot edits, new files. */
export function applyToDisk(edit: RewriteEdit, file: string): void {
  fs.writeFileSync(file, applyText(fs.readFileSync(file, 'utf8'), edit.edits));
  for (const f of edit.fileEdits) fs.writeFileSync(f.path, applyText(fs.readFileSync(f.path, 'utf8'), f.edits));
  for (const f of edit.newFiles) {
    if (fs.existsSync(f.path)) throw new Error(`${f.path} exists already`);
    fs.mkdirSync(path.dirname(f.path), { recursive: true });
    fs.writeFileSync(f.path, f.content);
  }
}

/** `rule@line` of warning/error findings, for comparisons. */
export function loud(findings: Finding[]): string[] {
  return findings.filter((f) => f.severity !== 'info').map((f) => f.rule);
}
