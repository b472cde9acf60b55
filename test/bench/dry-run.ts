/**
 * Dry-run benchmark: the largest corpus folders (≥150 migrations) that apply on a fresh database, on pglite and on
 * postgres, side by side with drizzle-orm's own migrator on the same engine and the same files. Prints the times and
 * the ratio (target: full tracing ≤ 1.5× the plain migrator) and PGlite's start-up from the cache (target ≤ 1 s).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { PGlite, Transaction } from '@electric-sql/pglite';
import { Client } from 'pg';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { findBinaries } from '../../server/out/dryrun/engines/binaries';
import { openPglite, pgliteExtensions, startPglite } from '../../server/out/dryrun/engines/pglite';
import { startPostgres } from '../../server/out/dryrun/engines/postgres';
import { dryRun } from '../../server/out/dryrun/run';
import type { DryRunReport, EngineKind } from '../../server/out/dryrun/types';
import { CORPUS, HAS_CORPUS } from '../support/paths';
import { median } from './util';

const MIN_MIGRATIONS = 150;
const REPEAT = 2;

interface Folder {
  dir: string;
  name: string;
  migrations: number;
}

function journals(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory() && e.name !== 'node_modules') journals(p, out);
    else if (e.name === '_journal.json' && path.basename(dir) === 'meta') out.push(path.dirname(dir));
  }
  return out;
}

function largeFolders(): Folder[] {
  return journals(CORPUS)
    .map((dir) => {
      const j = JSON.parse(fs.readFileSync(path.join(dir, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] };
      return { dir, name: path.relative(CORPUS, dir).split(path.sep)[0]!, migrations: j.entries.length };
    })
    .filter((f) => f.migrations >= MIN_MIGRATIONS)
    .sort((a, b) => b.migrations - a.migrations);
}

function firstFailure(r: DryRunReport): string {
  if (r.untraced.failed)
    return `${r.untraced.failed.path}: ${r.untraced.failed.error.code} ${r.untraced.failed.error.message}`;
  for (const m of r.migrations)
    for (const s of m.statements)
      if (s.error) return `${path.basename(m.path)}:${s.error.line + 1}: ${s.error.code} ${s.error.message}`;
  return r.failure?.message ?? 'unknown';
}

const ms = (v: number): string => `${Math.round(v)} ms`;

/**
 * drizzle-orm's PGlite driver sends every raw query with the extended protocol, which refuses a chunk of several
 * statements (42601 "cannot insert multiple commands into a prepared statement"); node-postgres, what production
 * runs, uses the simple protocol for them. This proxy gives the PGlite driver the same behaviour for such chunks.
 */
function simpleProtocolForChunks<T extends Pick<PGlite, 'query' | 'exec'>>(db: T): T {
  return new Proxy(db, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as unknown;
      if (prop === 'query')
        return async (text: string, params?: unknown[], opts?: Parameters<PGlite['query']>[2]) => {
          if ((!params || params.length === 0) && text.includes(';')) {
            const results = await target.exec(text);
            return results[results.length - 1] ?? { rows: [], fields: [] };
          }
          return target.query(text, params, opts);
        };
      if (prop === 'transaction' && typeof value === 'function')
        return (cb: (tx: Transaction) => Promise<unknown>) =>
          (value as PGlite['transaction']).call(target, (tx: Transaction) => cb(simpleProtocolForChunks(tx)));
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

async function migratorPglite(f: Folder, extensions: string[], chunks: 'extended' | 'simple'): Promise<number> {
  const { db, close } = await openPglite({ extensions });
  try {
    const t0 = performance.now();
    await migratePglite(drizzlePglite(chunks === 'simple' ? simpleProtocolForChunks(db) : db), {
      migrationsFolder: f.dir,
    });
    return performance.now() - t0;
  } finally {
    await close();
  }
}

async function migratorPostgres(f: Folder): Promise<number> {
  const engine = await startPostgres({});
  const client = new Client({
    host: engine.address!.socketDir,
    port: engine.address!.port,
    user: 'postgres',
    database: 'postgres',
  });
  try {
    await client.connect();
    const t0 = performance.now();
    await migratePg(drizzlePg(client), { migrationsFolder: f.dir });
    return performance.now() - t0;
  } finally {
    await client.end();
    await engine.close();
  }
}

/** Time of the run without the engine's start (which the migrator side does not pay either). */
async function traced(
  kind: EngineKind,
  f: Folder,
  extra: { from?: string; noProbe?: boolean },
): Promise<{ ms: number; r: DryRunReport }> {
  const r = await dryRun({ dir: f.dir, cwd: CORPUS, engine: kind, mode: 'drizzle-batch', ...extra });
  if (!r.ok) throw new Error(`${f.name} did not apply on ${kind}: ${firstFailure(r)}`);
  return { ms: r.durationMs - (r.engine.startMs ?? 0), r };
}

async function best(fn: () => Promise<number>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < REPEAT; i++) times.push(await fn());
  return Math.min(...times);
}

export async function benchDryRun(log: (line: string) => void): Promise<void> {
  log('## Dry run (drizzle-batch, whole folder on a fresh database)');
  if (!HAS_CORPUS) {
    log(`skipped: no corpus at ${CORPUS}`);
    return;
  }
  const hasPostgres = !!findBinaries().found;
  const probeEngine: EngineKind = hasPostgres ? 'postgres' : 'pglite';
  const chosen: Folder[] = [];
  for (const f of largeFolders()) {
    if (chosen.length === 2) break;
    const r = await dryRun({ dir: f.dir, cwd: CORPUS, engine: probeEngine, mode: 'drizzle-batch', noProbe: true });
    if (r.ok) chosen.push(f);
    else
      log(
        `${f.name} (${f.migrations} migrations) cannot apply on a fresh database (${probeEngine}): ${firstFailure(r)}`,
      );
  }
  if (chosen.length === 0) {
    log('skipped: no corpus folder of 150+ migrations applies');
    return;
  }
  const starts: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const e = await startPglite({});
    const c = process.cpuUsage(c0);
    starts.push(performance.now() - t0);
    cpu.push((c.user + c.system) / 1000);
    await e.close();
  }
  log(
    `pglite start from the cached data directory: median ${ms(median(starts))} wall, ${ms(median(cpu))} CPU, of 5 (target ≤ 1000 ms); load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores`,
  );
  log('');
  log(
    '| folder | engine | statements | drizzle migrator | dry run, all traced | ratio | dry run from the middle | ratio |',
  );
  log('|---|---|---:|---:|---:|---:|---:|---:|');
  for (const f of chosen) {
    for (const kind of ['pglite', ...(hasPostgres ? ['postgres'] : [])] as EngineKind[]) {
      let base: number;
      let note = '';
      const extensions = kind === 'pglite' ? Object.keys(pgliteExtensions(extensionNames(f)).extensions) : [];
      try {
        base = await best(() => (kind === 'pglite' ? migratorPglite(f, extensions, 'extended') : migratorPostgres(f)));
      } catch (e) {
        note = ((e as { cause?: Error }).cause ?? (e as Error)).message.split('\n')[0] ?? '';
        base = await best(() => migratorPglite(f, extensions, 'simple'));
        note = ` (drizzle's PGlite driver fails as is: "${note}"; measured with multi-statement chunks sent by the simple protocol, as node-postgres does)`;
      }
      const all = await best(async () => (await traced(kind, f, { noProbe: true })).ms);
      const mid = String(Math.floor(f.migrations / 2));
      const half = await best(async () => (await traced(kind, f, { from: mid, noProbe: true })).ms);
      const one = await traced(kind, f, { from: mid, noProbe: true });
      const stmts = one.r.migrations.reduce((n, m) => n + m.statements.length, 0);
      const ratio = (v: number): string => `${(v / base).toFixed(2)}×`;
      log(
        `| ${f.name} (${f.migrations}) | ${kind} | ${stmts} traced from ${mid} | ${ms(base)}${note} | ${ms(all)} | ${ratio(all)} | ${ms(half)} | ${ratio(half)} |`,
      );
      if (kind === 'postgres') {
        const probed = await traced(kind, f, { from: mid });
        const blocking = probed.r.migrations.reduce(
          (n, m) => n + m.statements.filter((s) => s.probe?.some((p) => p.blocksWrites)).length,
          0,
        );
        log(
          `|   | postgres + probe |  |  |  |  | ${ms(probed.ms)} | ${ratio(probed.ms)} (${blocking} statements blocked a probe for up to 50 ms each) |`,
        );
      }
    }
  }
  log('');
  log(
    'Times exclude the engine start on both sides; "from the middle" applies the first half untraced, then traces the',
  );
  log(
    'rest against the relations the first half created (locks, relfilenode, predictions), compared with the migrator',
  );
  log('applying the whole folder.');
}

function extensionNames(f: Folder): string[] {
  const out = new Set<string>();
  for (const name of fs.readdirSync(f.dir).filter((n) => n.endsWith('.sql'))) {
    const text = fs.readFileSync(path.join(f.dir, name), 'utf8');
    for (const m of text.matchAll(/create\s+extension\s+(?:if\s+not\s+exists\s+)?"?([\w-]+)"?/gi)) out.add(m[1]!);
  }
  return [...out];
}
