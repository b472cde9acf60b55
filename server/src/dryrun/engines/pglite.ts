/**
 * The default engine: PGlite (Postgres compiled to WASM), in process, nothing to install. A fresh initdb takes
 * seconds, so an initialised data directory is kept in the user's cache folder, one per PGlite version (a new version
 * builds its own and removes the others). Each run copies it into a private directory in memory-backed storage
 * (/dev/shm where there is one) and opens that: the cache is never written to. The copy carries a marker naming the
 * owning process and is removed at the end, on failure and on cancel; a later run removes copies whose owner died.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PGlite, type Extensions } from '@electric-sql/pglite';
import { cacheDir } from '../cache';
import { register, release, type Cleanup } from '../cleanup';
import { EngineError } from '../errors';
import type { DbSession, Engine, EngineOptions, QueryResult } from '../types';
import { isAlive } from './proc';

export const RUN_PREFIX = 'migration-guard-pglite-';
const OWNER = 'migration-guard-owner.json';
const READY = 'migration-guard-ready';

let versionCache: string | undefined;

/** The installed PGlite version (its package.json is not exported: found from the entry point). */
export function pgliteVersion(): string {
  if (versionCache) return versionCache;
  let dir = path.dirname(require.resolve('@electric-sql/pglite'));
  for (let i = 0; i < 4; i++) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === '@electric-sql/pglite' && pkg.version) return (versionCache = pkg.version);
    }
    dir = path.dirname(dir);
  }
  return (versionCache = 'unknown');
}

/** The cached data directory of the installed PGlite version. */
export function pgliteCacheDir(): string {
  return path.join(cacheDir(), `pglite-${pgliteVersion()}`);
}

/** Where the per-run copies go: memory-backed when the system has /dev/shm. */
function runRoot(): string {
  try {
    if (process.platform === 'linux' && fs.statSync('/dev/shm').isDirectory()) {
      fs.accessSync('/dev/shm', fs.constants.W_OK);
      return '/dev/shm';
    }
  } catch {
    /* no /dev/shm */
  }
  return os.tmpdir();
}

async function buildCache(dir: string, log?: (l: string) => void): Promise<void> {
  log?.(`pglite: initialising a data directory for the cache (${dir}); later runs start from it`);
  const parent = path.dirname(dir);
  fs.mkdirSync(parent, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(parent, `.building-${path.basename(dir)}-`));
  try {
    const db = await PGlite.create(path.join(tmp, 'data'));
    await db.query('CHECKPOINT');
    await db.close();
    fs.writeFileSync(path.join(tmp, READY), pgliteVersion());
    fs.rmSync(dir, { recursive: true, force: true });
    fs.renameSync(tmp, dir);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  // Other versions' caches are of no use any more.
  for (const name of fs.readdirSync(parent)) {
    if (/^pglite-[^/]+$/.test(name) && name !== path.basename(dir))
      fs.rmSync(path.join(parent, name), { recursive: true, force: true });
  }
}

/** Removes per-run copies whose owning process is gone. */
export function sweepStaleRuns(root = runRoot()): string[] {
  const removed: string[] = [];
  let names: string[] = [];
  try {
    names = fs.readdirSync(root).filter((n) => n.startsWith(RUN_PREFIX));
  } catch {
    return removed;
  }
  for (const name of names) {
    const dir = path.join(root, name);
    try {
      const owner = JSON.parse(fs.readFileSync(path.join(dir, OWNER), 'utf8')) as { pid: number };
      if (isAlive(owner.pid)) continue;
      fs.rmSync(dir, { recursive: true, force: true });
      removed.push(dir);
    } catch {
      /* not ours */
    }
  }
  return removed;
}

/** The contrib extensions PGlite ships, for those the migrations create; the others are named in `missing`. */
export function pgliteExtensions(names: string[]): { extensions: Extensions; missing: string[] } {
  const extensions: Extensions = {};
  const missing: string[] = [];
  for (const name of names) {
    if (name === 'plpgsql') continue;
    const mod = name.replace(/-/g, '_');
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const ext = (require(`@electric-sql/pglite/contrib/${mod}`) as Extensions)[mod];
      if (ext) extensions[mod] = ext;
      else missing.push(name);
    } catch {
      missing.push(name);
    }
  }
  return { extensions, missing };
}

export function pgliteSession(db: PGlite): DbSession {
  const toResult = (r: { rows: unknown[]; affectedRows?: number }): QueryResult => ({
    rows: r.rows as Record<string, unknown>[],
    // PGlite reports 0 affected rows for a SELECT: count what it returned instead.
    rowCount: r.affectedRows ? r.affectedRows : r.rows.length,
  });
  return {
    async query(sql) {
      const results = await db.exec(sql);
      const last = results[results.length - 1];
      return last ? toResult(last) : { rows: [] };
    },
    async queryParams(sql, params) {
      return toResult(await db.query(sql, params));
    },
  };
}

export interface OpenedPglite {
  db: PGlite;
  /** Closes the database and removes the run's copy. */
  close: () => Promise<void>;
}

/** A PGlite on a private copy of the cached data directory (built first if missing or damaged). */
export async function openPglite(options: EngineOptions): Promise<OpenedPglite> {
  const cache = pgliteCacheDir();
  if (!fs.existsSync(path.join(cache, READY))) {
    try {
      await buildCache(cache, options.log);
    } catch (e) {
      throw new EngineError(`pglite: cannot initialise a data directory in ${cache}: ${(e as Error).message}`);
    }
  }
  const { extensions, missing } = pgliteExtensions(options.extensions ?? []);
  if (missing.length > 0)
    options.log?.(
      `pglite: no bundled extension ${missing.join(', ')}: CREATE EXTENSION will fail (use --engine postgres, docker or url)`,
    );
  const root = runRoot();
  for (const d of sweepStaleRuns(root)) options.log?.(`pglite: removed a copy left behind by a run that died: ${d}`);
  const run = fs.mkdtempSync(path.join(root, RUN_PREFIX));
  fs.writeFileSync(path.join(run, OWNER), JSON.stringify({ pid: process.pid }));
  let db: PGlite | undefined;
  const cleanup: Cleanup = {
    name: `pglite copy ${run}`,
    run: async () => {
      // A statement still running keeps close() waiting: the copy goes anyway after a bound.
      let timer: NodeJS.Timeout | undefined;
      const bound = new Promise<void>((resolve) => (timer = setTimeout(resolve, 3000)));
      await Promise.race([db?.close().catch(() => undefined), bound]);
      clearTimeout(timer);
      await fs.promises.rm(run, { recursive: true, force: true });
    },
    runSync: () => fs.rmSync(run, { recursive: true, force: true }),
  };
  register(cleanup);
  try {
    fs.cpSync(path.join(cache, 'data'), path.join(run, 'data'), { recursive: true });
    db = await PGlite.create(path.join(run, 'data'), { relaxedDurability: true, extensions });
    return { db, close: () => release(cleanup) };
  } catch (e) {
    await release(cleanup);
    // A damaged cache: the next run rebuilds it.
    fs.rmSync(path.join(cache, READY), { force: true });
    throw new EngineError(`pglite: cannot start from ${cache} (${(e as Error).message}); the cache will be rebuilt`);
  }
}

export async function startPglite(options: EngineOptions): Promise<Engine> {
  const { db, close } = await openPglite(options);
  const v = await db.query<{ v: string; n: string }>(
    "SELECT current_setting('server_version') AS v, current_setting('server_version_num') AS n",
  );
  return {
    kind: 'pglite',
    serverVersion: v.rows[0]?.v.split(' ')[0] ?? '?',
    major: Math.floor(Number(v.rows[0]?.n ?? 0) / 10000),
    description: `PGlite ${pgliteVersion()}, in process`,
    session: pgliteSession(db),
    probeUnavailable:
      'PGlite runs a single backend: no second connection can observe what the statements block (use --engine postgres, docker or url)',
    close,
  };
}
