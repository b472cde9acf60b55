/** Shared types of the dry run: the engine a run talks to, and the report it produces (CLI.md `dry-run`). */
import type { Range } from '../engine/types';

export type EngineKind = 'pglite' | 'postgres' | 'docker' | 'url';
export const ENGINE_KINDS: EngineKind[] = ['pglite', 'postgres', 'docker', 'url'];

export type DryRunMode = 'drizzle-batch' | 'per-file';
export const DRY_RUN_MODES: DryRunMode[] = ['drizzle-batch', 'per-file'];

export interface QueryResult {
  rows: Record<string, unknown>[];
  /** Rows inserted, updated, deleted or returned, when the server reports it. */
  rowCount?: number;
}

/** One connection to the throwaway database. Statements are sent as written (the simple-query protocol). */
export interface DbSession {
  /** Runs one statement, or several separated by `;` (returns the last result). */
  query(sql: string): Promise<QueryResult>;
  /** Runs one statement with parameters ($1, $2…; the extended protocol). */
  queryParams(sql: string, params: unknown[]): Promise<QueryResult>;
}

export interface ProbeSession extends DbSession {
  close(): Promise<void>;
}

/** A started engine: a database that exists only for this run. */
export interface Engine {
  kind: EngineKind;
  /** e.g. `18.6`, `15.14`. */
  serverVersion: string;
  /** Major version, e.g. 18. */
  major: number;
  /** Where the database lives, for the report (never a password). */
  description: string;
  session: DbSession;
  /** Where a client can reach the server (real servers started by the engine). */
  address?: { host: string; port: number; socketDir?: string };
  /** A second connection to the same database; absent on engines with a single backend (PGlite). */
  openProbe?: () => Promise<ProbeSession>;
  /** Why there is no second connection, when there is none. */
  probeUnavailable?: string;
  /** Stops and removes everything the engine created. Idempotent; never throws. */
  close(): Promise<void>;
}

export interface EngineOptions {
  /** Postgres major version wanted (postgres: which local binaries; docker: the image tag). */
  pgVersion?: number;
  /** engine url: the server to create the run's database on. */
  url?: string;
  /** engine docker: the image (default `postgres:<pgVersion>`). */
  image?: string;
  /** Extensions the migrations create (PGlite loads the ones it ships). */
  extensions?: string[];
  /** Progress lines (engine start-up steps). */
  log?: (line: string) => void;
}

export interface ObservedLock {
  relation: string;
  mode: string;
}

export interface StatementError {
  code: string;
  message: string;
  /** 0-based position in the file (UTF-16 characters), mapped from Postgres's error position. */
  line: number;
  character: number;
  detail?: string;
  hint?: string;
}

export interface ProbeResult {
  relation: string;
  /** A plain SELECT on the relation waited longer than the lock timeout. */
  blocksReads: boolean;
  /** An UPDATE on the relation waited longer than the lock timeout. */
  blocksWrites: boolean;
  /** "blocks writes, not reads", "blocks reads and writes", "blocks neither". */
  observed: string;
  /** The same phrase for the lock the linter predicts, if it predicts one on this relation. */
  predicted?: string;
  agrees?: boolean;
  /** The transaction already held a lock on the relation before this statement (it may be what blocks). */
  heldBefore: boolean;
}

/** What the linter predicts for a statement, and how it compares with what the database did. */
export interface Prediction {
  locks: ObservedLock[];
  rewrites: { relation: string; verdict: 'rewrite' | 'maybe'; reason: string }[];
  agrees: boolean;
  differences: string[];
}

export interface StatementReport {
  range: Range;
  sql: string;
  ok: boolean;
  durationMs: number;
  /** Relation locks the statement newly took on relations that existed before the traced part. */
  locks: ObservedLock[];
  /** Relations whose storage (relfilenode) changed. */
  rewrites: string[];
  error?: StatementError;
  /** Extensions (not in the minimal contract). */
  kind?: string;
  rows?: number;
  /** Indexes of pre-existing tables whose storage changed (rebuilt). */
  rebuiltIndexes?: string[];
  /** How the statement ran: inside the batch/file transaction, its own wrapper, a multi-statement chunk, or bare. */
  transaction: 'batch' | 'file' | 'explicit' | 'implicit' | 'own' | 'none';
  /** False when the statement ran outside any transaction block, so its locks were gone before they could be read. */
  locksObserved: boolean;
  predicted?: Prediction;
  probe?: ProbeResult[];
}

export interface MigrationReport {
  path: string;
  tag: string;
  ok: boolean;
  statements: StatementReport[];
  durationMs?: number;
  /** drizzle's migrator would not apply this migration (the reason); it was not run. */
  skipped?: string;
}

export interface DryRunReport {
  version: 1;
  engine: { kind: EngineKind; serverVersion: string; description?: string; startMs?: number };
  ok: boolean;
  migrations: MigrationReport[];
  mode: DryRunMode;
  folder: string;
  /** Migrations applied before the traced part, without tracing. */
  untraced: { count: number; durationMs: number; failed?: { path: string; error: StatementError } };
  seed?: { path: string; durationMs: number; error?: StatementError };
  rows?: { perTable: number; tables: number; durationMs: number; skipped: { table: string; reason: string }[] };
  probe: { available: boolean; reason?: string };
  /** A failure outside any statement (the end of the batch, for instance). */
  failure?: { message: string; code?: string };
  notes: string[];
  durationMs: number;
}
