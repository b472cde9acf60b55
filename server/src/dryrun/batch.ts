/**
 * drizzle's batch semantics for the traced part. `drizzle-batch`: one transaction around every traced migration, as
 * drizzle's migrator does (so CONCURRENTLY fails with 25001 as it will in production, and an explicit `COMMIT;` leaves
 * the transaction: the rest runs in autocommit). `per-file`: each file in its own transaction, except a file holding
 * a statement that refuses a transaction block, which runs in autocommit. In autocommit, a breakpoint chunk of several
 * statements runs as one implicit transaction (drizzle sends it as one query), and a lone statement is wrapped in its
 * own transaction so that its locks can be read (unless it refuses one). The run stops at the first failure and rolls
 * back what is open.
 */
import type { AnalyzedStatement } from '../engine/analyze';
import type { History } from '../engine/history';
import { CancelledError, locateError, pgError } from './errors';
import type { PlannedMigration } from './plan';
import { predictAndCompare } from './predict';
import type { Prober } from './probe';
import { Reach } from './reach';
import type { Tracer } from './tracer';
import type { DbSession, DryRunMode, MigrationReport, StatementReport } from './types';

type TxState = StatementReport['transaction'];

const DML = new Set(['InsertStmt', 'UpdateStmt', 'DeleteStmt', 'MergeStmt', 'SelectStmt', 'CreateTableAsStmt']);

export interface BatchContext {
  session: DbSession;
  tracer: Tracer;
  prober?: Prober;
  history: History;
  major: number;
  /** `schema.name` of the relations that existed before the traced part. */
  existing: Set<string>;
  mode: DryRunMode;
  /** drizzle skips a migration whose journal `when` is not newer than the last one applied (untraced part). */
  lastAppliedWhen?: number;
  onStatement?: (m: PlannedMigration, s: StatementReport) => void;
  onMigration?: (m: MigrationReport) => void;
  cancelled: () => boolean;
}

export interface BatchResult {
  migrations: MigrationReport[];
  ok: boolean;
  failure?: { message: string; code?: string };
}

export const BOOKKEEPING = `CREATE SCHEMA IF NOT EXISTS "drizzle";
CREATE TABLE IF NOT EXISTS "drizzle"."__drizzle_migrations" (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at bigint)`;

export async function recordMigration(session: DbSession, p: PlannedMigration): Promise<void> {
  await session.queryParams('INSERT INTO "drizzle"."__drizzle_migrations" ("hash", "created_at") VALUES ($1, $2)', [
    p.hash,
    p.when,
  ]);
}

class Runner {
  state: TxState = 'none';
  private readonly reach: Reach;

  constructor(private readonly ctx: BatchContext) {
    this.reach = new Reach(ctx.existing);
  }

  async begin(state: TxState): Promise<void> {
    await this.ctx.session.query('BEGIN');
    this.state = state;
  }

  async commit(): Promise<void> {
    this.state = 'none';
    this.ctx.tracer.reset();
    await this.ctx.session.query('COMMIT');
  }

  async rollback(): Promise<void> {
    if (this.state === 'none') return;
    this.state = 'none';
    this.ctx.tracer.reset();
    await this.ctx.session.query('ROLLBACK').catch(() => undefined);
  }

  private afterTxControl(s: AnalyzedStatement): void {
    const tc = s.facts?.txControl;
    if (tc === 'begin' && (this.state === 'none' || this.state === 'implicit')) this.state = 'explicit';
    else if (tc === 'commit' || tc === 'rollback') {
      this.state = 'none';
      this.ctx.tracer.reset();
    }
  }

  async statement(p: PlannedMigration, s: AnalyzedStatement, lastOfChunk: boolean): Promise<StatementReport> {
    const { ctx } = this;
    const tc = s.facts?.txControl;
    const refuses = s.facts?.refusesTransaction;
    // Several statements in one chunk are one query: Postgres runs them in an implicit transaction block (a new one
    // after a COMMIT among them).
    if (this.state === 'none' && !tc && (p.chunkSizes.get(s.chunk) ?? 0) > 1) await this.begin('implicit');
    let own = false;
    if (this.state === 'none' && !tc && !refuses) {
      await this.begin('own');
      own = true;
    }
    const ranIn = this.state;
    const lines = p.analyzed.lines;
    const report: StatementReport = {
      range: lines.range(s.start, s.end),
      sql: s.text,
      ok: true,
      durationMs: 0,
      locks: [],
      rewrites: [],
      ...(s.facts?.kind ? { kind: s.facts.kind } : {}),
      transaction: ranIn,
      locksObserved: false,
    };
    const t0 = performance.now();
    try {
      const r = await ctx.session.query(s.text);
      report.durationMs = round(performance.now() - t0);
      if (r.rowCount !== undefined && s.facts && DML.has(s.facts.kind)) report.rows = r.rowCount;
    } catch (e) {
      report.durationMs = round(performance.now() - t0);
      report.ok = false;
      report.error = locateError(e, s.text, s.start, lines);
      predictAndCompare(s, ctx.history, ctx.major, ctx.existing, undefined);
      return report;
    }
    this.afterTxControl(s);
    const sample = this.reach.mayTouchExisting(s);
    this.reach.record(s);
    if (this.state !== 'none' && !tc && !sample) {
      // It names only relations created in the traced part: it cannot have locked a pre-existing one.
      report.locksObserved = true;
      const pred = predictAndCompare(s, ctx.history, ctx.major, ctx.existing, {
        locks: [],
        rewrites: [],
        locksObserved: true,
      });
      if (pred) report.predicted = pred;
    } else if (this.state !== 'none' && !tc) {
      const obs = await ctx.tracer.observe();
      report.locks = obs.locks;
      report.rewrites = obs.rewrites;
      if (obs.rebuiltIndexes.length > 0) report.rebuiltIndexes = obs.rebuiltIndexes;
      report.locksObserved = true;
      const pred = predictAndCompare(s, ctx.history, ctx.major, ctx.existing, {
        locks: obs.locks,
        rewrites: obs.rewrites,
        locksObserved: true,
        heldModes: obs.heldModes,
      });
      if (pred) report.predicted = pred;
      if (ctx.prober && obs.lockedTables.length > 0) {
        report.probe = await ctx.prober.probe(
          obs.lockedTables.map((rel) => {
            const key = `${rel.schema}.${rel.name}`;
            const predicted = s.facts?.locks.find((l) => l.relation.key === key)?.mode;
            return { rel, heldBefore: obs.heldBefore.has(rel.oid), ...(predicted ? { predicted } : {}) };
          }),
        );
      }
    } else {
      const pred = predictAndCompare(s, ctx.history, ctx.major, ctx.existing, {
        locks: [],
        rewrites: [],
        locksObserved: false,
      });
      if (pred) report.predicted = pred;
    }
    if (own) await this.commit();
    if (this.state === 'implicit' && lastOfChunk) await this.commit();
    return report;
  }
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

function commitFailure(e: unknown, where: string): { message: string; code?: string } {
  const f = pgError(e);
  return { message: `${where}: ${f?.message ?? (e as Error).message}`, ...(f ? { code: f.code } : {}) };
}

async function runFile(ctx: BatchContext, run: Runner, p: PlannedMigration): Promise<MigrationReport> {
  const report: MigrationReport = { path: p.display, tag: p.migration.tag, ok: true, statements: [] };
  const t0 = performance.now();
  const stmts = p.analyzed.statements;
  if (ctx.mode === 'per-file' && !p.refuses) await run.begin('file');
  for (let i = 0; i < stmts.length; i++) {
    if (ctx.cancelled()) throw new CancelledError();
    const s = stmts[i]!;
    const r = await run.statement(p, s, stmts[i + 1]?.chunk !== s.chunk);
    report.statements.push(r);
    ctx.onStatement?.(p, r);
    if (!r.ok) {
      report.ok = false;
      break;
    }
  }
  if (report.ok) await recordMigration(ctx.session, p);
  report.durationMs = round(performance.now() - t0);
  return report;
}

export async function runBatch(ctx: BatchContext, traced: PlannedMigration[]): Promise<BatchResult> {
  const run = new Runner(ctx);
  const out: BatchResult = { migrations: [], ok: true };
  try {
    if (ctx.mode === 'drizzle-batch') await run.begin('batch');
    for (const p of traced) {
      if (ctx.lastAppliedWhen !== undefined && p.migration.entry && p.when <= ctx.lastAppliedWhen) {
        const skipped: MigrationReport = {
          path: p.display,
          tag: p.migration.tag,
          ok: true,
          statements: [],
          skipped: `drizzle's migrator skips it: its journal "when" (${p.when}) is not newer than the last applied migration's (${ctx.lastAppliedWhen})`,
        };
        out.migrations.push(skipped);
        ctx.onMigration?.(skipped);
        continue;
      }
      const m = await runFile(ctx, run, p);
      out.migrations.push(m);
      ctx.onMigration?.(m);
      if (!m.ok) {
        out.ok = false;
        await run.rollback();
        return out;
      }
      if (ctx.mode === 'per-file' && run.state !== 'none') {
        try {
          await run.commit();
        } catch (e) {
          m.ok = false;
          out.ok = false;
          out.failure = commitFailure(e, `COMMIT of ${p.display} failed`);
          return out;
        }
      }
    }
    if (run.state !== 'none') {
      try {
        await run.commit();
      } catch (e) {
        out.ok = false;
        out.failure = commitFailure(e, 'COMMIT at the end of the batch failed');
      }
    }
    return out;
  } catch (e) {
    await run.rollback();
    throw e;
  }
}
