/**
 * What a dry run applies: the folder's migrations in drizzle's order, analysed with the linter's splitter and parser
 * (so statement ranges match the linter's), split into the untraced part (before --from) and the traced part.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeText, type AnalyzedFile, type AnalyzedStatement } from '../engine/analyze';
import { readMigrationFolder, type Migration, type MigrationFolder } from '../engine/folder';
import { BREAKPOINT } from '../engine/split';
import { stripBom } from '../engine/text';

export interface PlannedMigration {
  migration: Migration;
  /** Path for the report: relative to the working directory when inside it. */
  display: string;
  /** The file as drizzle reads it (for the hash) and as analysed (BOM stripped). */
  raw: string;
  analyzed: AnalyzedFile;
  /** drizzle's migrator hash: sha256 of the file text. */
  hash: string;
  /** Journal `when` (v0), used as `created_at`; the folder timestamp for v1. */
  when: number;
  /** Number of statements per breakpoint chunk (a chunk of several runs as one multi-statement query). */
  chunkSizes: Map<number, number>;
  /** A statement that refuses a transaction block (e.g. CREATE INDEX CONCURRENTLY), if any. */
  refuses?: string;
}

export interface Plan {
  folder: MigrationFolder;
  untraced: PlannedMigration[];
  traced: PlannedMigration[];
  notes: string[];
}

export class PlanError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlanError';
  }
}

export function displayPath(file: string, cwd: string): string {
  const rel = path.relative(cwd, file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

function whenOf(m: Migration, index: number): number {
  if (m.entry && Number.isFinite(m.entry.when)) return m.entry.when;
  const ts = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})/.exec(m.tag);
  if (ts) return Date.UTC(+ts[1]!, +ts[2]! - 1, +ts[3]!, +ts[4]!, +ts[5]!, +ts[6]!);
  return index;
}

export function planMigration(m: Migration, index: number, cwd: string): PlannedMigration {
  let raw: string;
  try {
    raw = fs.readFileSync(m.file, 'utf8');
  } catch (e) {
    throw new PlanError(`cannot read ${m.file}: ${(e as Error).message}`);
  }
  const analyzed = analyzeText(stripBom(raw), { transactionMode: 'drizzle-batch' });
  const chunkSizes = new Map<number, number>();
  for (const s of analyzed.statements) chunkSizes.set(s.chunk, (chunkSizes.get(s.chunk) ?? 0) + 1);
  const refuses = analyzed.statements.find((s) => s.facts?.refusesTransaction)?.facts?.refusesTransaction;
  return {
    migration: m,
    display: displayPath(m.file, cwd),
    raw,
    analyzed,
    hash: createHash('sha256').update(raw).digest('hex'),
    when: whenOf(m, index),
    chunkSizes,
    ...(refuses ? { refuses } : {}),
  };
}

/** Names of the extensions the migrations create (CREATE EXTENSION), in order of appearance. */
export function extensionsOf(plan: Plan): string[] {
  const out = new Set<string>();
  for (const p of [...plan.untraced, ...plan.traced])
    for (const s of p.analyzed.statements) {
      const name = s.node && 'CreateExtensionStmt' in s.node ? s.node.CreateExtensionStmt.extname : undefined;
      if (name) out.add(name);
    }
  return [...out];
}

/** The chunks drizzle's migrator sends, one query each: the file split on the literal breakpoint marker. */
export function drizzleChunks(p: PlannedMigration): string[] {
  return stripBom(p.raw)
    .split(BREAKPOINT)
    .filter((c) => c.trim() !== '');
}

/** Finds a migration by number (`3` matches `0003_x`), tag, file name or path. */
export function findMigration(list: Migration[], key: string, cwd: string): number {
  if (/^\d+$/.test(key)) {
    const n = Number(key);
    const exact = list.findIndex((m) => m.number !== undefined && Number(m.number) === n);
    if (exact >= 0) return exact;
    const next = list.findIndex((m) => m.number !== undefined && Number(m.number) > n);
    if (next >= 0) return next;
    if (n < list.length && !list.some((m) => m.number !== undefined)) return n;
    return -1;
  }
  const abs = path.resolve(cwd, key);
  return list.findIndex(
    (m) => m.tag === key || path.basename(m.file) === key || m.file === abs || path.dirname(m.file) === abs,
  );
}

export interface PlanOptions {
  dir: string;
  cwd: string;
  from?: string;
  to?: string;
}

export function makePlan(o: PlanOptions): Plan {
  if (!fs.existsSync(o.dir) || !fs.statSync(o.dir).isDirectory())
    throw new PlanError(`${o.dir} is not a directory (give the drizzle migrations folder)`);
  const folder = readMigrationFolder(o.dir);
  if (folder.journalError) throw new PlanError(folder.journalError);
  const notes: string[] = [];
  const list = folder.migrations;
  if (list.length === 0) throw new PlanError(`no migrations found in ${o.dir}`);
  if (folder.orphans.length > 0)
    notes.push(
      `${folder.orphans.length} .sql file(s) are not in the journal and are not applied (drizzle ignores them): ${folder.orphans
        .slice(0, 5)
        .map((m) => path.basename(m.file))
        .join(', ')}${folder.orphans.length > 5 ? ', …' : ''}`,
    );
  const missing = folder.entries.filter((e) => !list.some((m) => m.entry === e));
  if (missing.length > 0)
    notes.push(
      `journal entries without a file (drizzle's migrator would fail on them): ${missing.map((e) => e.tag).join(', ')}`,
    );
  let start = 0;
  let end = list.length - 1;
  if (o.from !== undefined) {
    start = findMigration(list, o.from, o.cwd);
    if (start < 0) throw new PlanError(`--from ${o.from}: no such migration in ${o.dir}`);
  }
  if (o.to !== undefined) {
    end = findMigration(list, o.to, o.cwd);
    if (end < 0) throw new PlanError(`--to ${o.to}: no such migration in ${o.dir}`);
    if (end < start) throw new PlanError(`--to ${o.to} comes before --from ${o.from ?? ''}`);
  }
  const planned = list.slice(0, end + 1).map((m, i) => planMigration(m, i, o.cwd));
  return { folder, untraced: planned.slice(0, start), traced: planned.slice(start), notes };
}

export type { AnalyzedStatement };
