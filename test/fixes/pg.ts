/**
 * Applies migrations on PGlite the way drizzle's migrator does: every file of a run in ONE transaction, each file
 * split on `--> statement-breakpoint`, one query per chunk (so an explicit `COMMIT;` leaves the transaction and the
 * rest runs in autocommit). Captures the end state: columns, indexes, constraints, triggers and every row.
 */
import { PGlite } from '@electric-sql/pglite';

/** What the proof needs from a database connection (PGlite, or a pg client on a real server). */
export interface Db {
  exec(sql: string): Promise<unknown>;
  query<T>(sql: string): Promise<{ rows: T[] }>;
}

/** A database engine for the proof: fresh databases with the base schema and rows already in. */
export interface ProofEngine {
  name: string;
  major: number;
  /** A new database holding the base image; `close` drops it. */
  fresh(): Promise<{ db: Db; close(): Promise<void> }>;
}

const BREAKPOINT = '--> statement-breakpoint';
export const VERSION = "SELECT current_setting('server_version_num') AS v";

/** One `drizzle-kit migrate` run of these file texts. Throws (after ROLLBACK) the first failure. */
export async function runBatch(db: Db, files: string[]): Promise<void> {
  await db.exec('BEGIN');
  try {
    for (const text of files) for (const chunk of text.split(BREAKPOINT)) await db.exec(chunk);
  } catch (e) {
    await db.exec('ROLLBACK');
    throw e;
  }
  await db.exec('COMMIT');
}

/** A database with `base` applied and `seed` run, dumped so that each scenario starts from a copy quickly. */
export async function pgliteEngine(base: string[], seed: string): Promise<ProofEngine> {
  const db = await PGlite.create();
  let image: File | Blob;
  try {
    await runBatch(db, base);
    await db.exec(seed);
    image = await db.dumpDataDir('none');
  } finally {
    await db.close();
  }
  const version = await PGlite.create({ loadDataDir: image });
  const major = Math.floor(Number((await version.query<{ v: string }>(VERSION)).rows[0]!.v) / 10000);
  await version.close();
  return {
    name: 'PGlite',
    major,
    async fresh() {
      const db = await PGlite.create({ loadDataDir: image });
      return { db, close: () => db.close() };
    },
  };
}

const USER = "n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')";

export interface DbState {
  columns: string[];
  indexes: string[];
  constraints: string[];
  triggers: string[];
  functions: string[];
  /** Rows per table as sorted JSON (column order ignored). */
  rows: Record<string, string[]>;
}

async function list(db: Db, sql: string): Promise<string[]> {
  const r = await db.query<{ x: string }>(sql);
  return r.rows.map((row) => row.x).sort();
}

function sortedJson(o: Record<string, unknown>): string {
  return JSON.stringify(Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1))));
}

export async function captureState(db: Db): Promise<DbState> {
  const from = `FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE ${USER}`;
  const tables = await list(db, `SELECT format('%I.%I', n.nspname, c.relname) AS x ${from} AND c.relkind = 'r'`);
  const rows: Record<string, string[]> = {};
  for (const t of tables) {
    const r = await db.query<{ j: Record<string, unknown> }>(`SELECT to_jsonb(t) AS j FROM ${t} t`);
    rows[t] = r.rows.map((x) => sortedJson(x.j)).sort();
  }
  return {
    columns: await list(
      db,
      `SELECT format('%s.%I %s%s', c.oid::regclass, a.attname, format_type(a.atttypid, a.atttypmod),
        CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END) AS x
       FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE ${USER} AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped`,
    ),
    indexes: await list(
      db,
      `SELECT pg_get_indexdef(i.indexrelid) || CASE WHEN i.indisvalid THEN '' ELSE ' INVALID' END AS x
       FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE ${USER}`,
    ),
    constraints: await list(
      db,
      `SELECT format('%s %I %s%s', k.conrelid::regclass, k.conname, pg_get_constraintdef(k.oid),
        CASE WHEN k.convalidated THEN '' ELSE ' (not validated)' END) AS x
       FROM pg_constraint k JOIN pg_namespace n ON n.oid = k.connamespace WHERE ${USER} AND k.contype <> 'n'`,
    ),
    triggers: await list(db, `SELECT tgname AS x FROM pg_trigger WHERE NOT tgisinternal`),
    functions: await list(
      db,
      `SELECT p.oid::regprocedure::text AS x FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE ${USER}`,
    ),
    rows,
  };
}
