/**
 * One dry run: start the engine, apply the untraced part, run the seed, fill the tables (--rows), trace the rest
 * statement by statement, and always remove the engine. Nothing persists: the database is thrown away.
 */
import * as fs from 'node:fs';
import { emptyHistory, recordStatement, type History } from '../engine/history';
import { loadParser } from '../engine/parse';
import { BREAKPOINT } from '../engine/split';
import { LineIndex, stripBom } from '../engine/text';
import { BOOKKEEPING, recordMigration, runBatch } from './batch';
import { isCancelling, onCancel } from './cleanup';
import { CancelledError, locateError } from './errors';
import { startEngine } from './engines/index';
import { displayPath, extensionsOf, makePlan, type PlannedMigration } from './plan';
import { Prober } from './probe';
import { fillRows } from './rows';
import { takeSnapshot, Tracer, qualified } from './tracer';
import type {
  DbSession,
  DryRunMode,
  DryRunReport,
  Engine,
  EngineKind,
  EngineOptions,
  MigrationReport,
  StatementError,
  StatementReport,
} from './types';

export interface DryRunOptions extends EngineOptions {
  dir: string;
  cwd: string;
  engine: EngineKind;
  mode: DryRunMode;
  from?: string;
  to?: string;
  seed?: string;
  rows?: number;
  /** Skip the second-connection probe on real servers. */
  noProbe?: boolean;
  onStatement?: (m: PlannedMigration, s: StatementReport) => void;
  onMigration?: (m: MigrationReport) => void;
  /** Called once the engine is up (before anything runs). */
  onEngine?: (r: Pick<DryRunReport, 'engine' | 'mode' | 'folder' | 'probe'>, traced: number) => void;
  /** Tests: look at the database after the run, before it is thrown away. */
  inspect?: (session: DbSession) => Promise<void>;
  /** Stops the run at the next statement. */
  signal?: AbortSignal;
}

/** Chunks as drizzle sends them, with their offsets in the (BOM-stripped) file text. */
function chunksWithOffsets(text: string): { text: string; offset: number }[] {
  const out: { text: string; offset: number }[] = [];
  let offset = 0;
  for (const part of text.split(BREAKPOINT)) {
    if (part.trim() !== '') out.push({ text: part, offset });
    offset += part.length + BREAKPOINT.length;
  }
  return out;
}

async function applyUntraced(
  session: DbSession,
  list: PlannedMigration[],
  mode: DryRunMode,
  cancelled: () => boolean,
): Promise<{ path: string; error: StatementError } | undefined> {
  if (list.length === 0) return undefined;
  let open = false;
  const begin = async (): Promise<void> => {
    await session.query('BEGIN');
    open = true;
  };
  try {
    if (mode === 'drizzle-batch') await begin();
    for (const p of list) {
      if (cancelled()) throw new CancelledError();
      if (mode === 'per-file' && !p.refuses) await begin();
      const text = stripBom(p.raw);
      for (const c of chunksWithOffsets(text)) {
        try {
          await session.query(c.text);
        } catch (e) {
          return { path: p.display, error: locateError(e, c.text, c.offset, p.analyzed.lines) };
        }
      }
      await recordMigration(session, p);
      if (mode === 'per-file' && open) {
        open = false;
        await session.query('COMMIT');
      }
    }
    if (open) {
      open = false;
      await session.query('COMMIT');
    }
    return undefined;
  } finally {
    if (open) await session.query('ROLLBACK').catch(() => undefined);
  }
}

function historyOf(list: PlannedMigration[]): History {
  const h = emptyHistory();
  for (const p of list) for (const s of p.analyzed.statements) if (s.node) recordStatement(h, s.node);
  return h;
}

export async function dryRun(o: DryRunOptions): Promise<DryRunReport> {
  const t0 = performance.now();
  await loadParser();
  const plan = makePlan({ dir: o.dir, cwd: o.cwd, ...(o.from ? { from: o.from } : {}), ...(o.to ? { to: o.to } : {}) });
  let cancelled = false;
  const stopCancel = onCancel(() => (cancelled = true));
  o.signal?.addEventListener('abort', () => (cancelled = true), { once: true });
  const isCancelled = (): boolean => cancelled || isCancelling() || !!o.signal?.aborted;
  const tStart = performance.now();
  let engine: Engine | undefined;
  let prober: Prober | undefined;
  try {
    engine = await startEngine(o.engine, { ...o, extensions: extensionsOf(plan) });
    const report: DryRunReport = {
      version: 1,
      engine: {
        kind: engine.kind,
        serverVersion: engine.serverVersion,
        description: engine.description,
        startMs: Math.round(performance.now() - tStart),
      },
      ok: true,
      migrations: [],
      mode: o.mode,
      folder: displayPath(plan.folder.dir, o.cwd),
      untraced: { count: plan.untraced.length, durationMs: 0 },
      probe:
        engine.openProbe && !o.noProbe
          ? { available: true }
          : { available: false, reason: engine.probeUnavailable ?? 'disabled by --no-probe' },
      notes: [...plan.notes],
      durationMs: 0,
    };
    o.onEngine?.(report, plan.traced.length);
    if (isCancelled()) throw new CancelledError();
    const session = engine.session;
    await session.query(BOOKKEEPING);
    const tU = performance.now();
    const failed = await applyUntraced(session, plan.untraced, o.mode, isCancelled);
    report.untraced.durationMs = Math.round(performance.now() - tU);
    if (failed) {
      report.untraced.failed = failed;
      report.ok = false;
      return await finish(report, t0, o, session);
    }
    if (o.seed) {
      const seedText = stripBom(fs.readFileSync(o.seed, 'utf8'));
      const tS = performance.now();
      report.seed = { path: displayPath(o.seed, o.cwd), durationMs: 0 };
      try {
        await session.query(seedText);
      } catch (e) {
        report.seed.error = locateError(e, seedText, 0, new LineIndex(seedText));
        report.ok = false;
      }
      report.seed.durationMs = Math.round(performance.now() - tS);
      if (!report.ok) return await finish(report, t0, o, session);
    }
    if (o.rows && o.rows > 0) report.rows = await fillRows(session, o.rows);
    const snapshot = await takeSnapshot(session);
    const existing = new Set([...snapshot.values()].map(qualified));
    if (report.probe.available && engine.openProbe) prober = new Prober(engine.openProbe);
    const lastWhen = plan.untraced.length > 0 ? Math.max(...plan.untraced.map((p) => p.when)) : undefined;
    const result = await runBatch(
      {
        session,
        tracer: new Tracer(session, snapshot),
        ...(prober ? { prober } : {}),
        history: historyOf(plan.untraced),
        major: engine.major,
        existing,
        mode: o.mode,
        ...(lastWhen !== undefined && plan.folder.layout === 'v0' ? { lastAppliedWhen: lastWhen } : {}),
        ...(o.onStatement ? { onStatement: o.onStatement } : {}),
        ...(o.onMigration ? { onMigration: o.onMigration } : {}),
        cancelled: isCancelled,
      },
      plan.traced,
    );
    report.migrations = result.migrations;
    report.ok = result.ok;
    if (result.failure) report.failure = result.failure;
    return await finish(report, t0, o, session);
  } finally {
    stopCancel();
    if (prober) await prober.close().catch(() => undefined);
    if (engine) await engine.close();
  }
}

async function finish(report: DryRunReport, t0: number, o: DryRunOptions, session: DbSession): Promise<DryRunReport> {
  if (o.inspect) await o.inspect(session);
  report.durationMs = Math.round(performance.now() - t0);
  return report;
}
