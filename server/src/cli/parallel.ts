/**
 * Runs `check` units on worker threads when there is enough work: units (files, folders) are independent, so they
 * are balanced by size across the cores; the main thread takes a share too. Output order does not depend on threads.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ResolvedConfig } from '../engine/config';
import { loadParser, setParseCacheLimit } from '../engine/parse';
import { UsageError } from './args';
import type { CacheDelta, CacheFile } from './cache-store';
import { mergeResults, runUnit, unitBytes, type CheckResult, type Unit } from './collect';

/** Below this much SQL, starting threads costs more than it saves. */
const PARALLEL_MIN_BYTES = 256 * 1024;

/** Where the result cache is, for a worker to open it too. */
export interface CacheRef {
  location: string;
  fingerprint: string;
  seed: string;
}

export interface WorkerInput {
  units: Unit[];
  config: ResolvedConfig;
  cwd: string;
  cache?: CacheRef;
}

export type WorkerOutput =
  { ok: true; results: CheckResult[]; cache?: CacheDelta } | { ok: false; error: string; usage: boolean };

function balance(bytes: number[], bins: number): number[][] {
  const load = new Array<number>(bins).fill(0);
  const out: number[][] = Array.from({ length: bins }, () => []);
  const order = bytes.map((_b, i) => i).sort((a, b) => bytes[b]! - bytes[a]!);
  for (const i of order) {
    const b = load.indexOf(Math.min(...load));
    out[b]!.push(i);
    load[b]! += bytes[i]! + 2048;
  }
  return out;
}

/** The worker's entry: worker.js beside this file (tsc output, server/out/cli/), else the bundle's cli-worker.js. */
function workerEntry(): string {
  const bundled = path.join(__dirname, 'cli-worker.js');
  if (fs.existsSync(bundled) || path.basename(__dirname) !== 'cli') return bundled;
  return path.join(__dirname, 'worker.js');
}

function runInWorker(input: WorkerInput): Promise<{ results: CheckResult[]; cache?: CacheDelta }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerEntry(), { workerData: input });
    worker.once('message', (m: WorkerOutput) => {
      if (m.ok) resolve(m);
      else reject(m.usage ? new UsageError(m.error) : new Error(m.error));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`a lint worker exited with code ${code}`));
    });
  });
}

/** The cache of the main thread, and where workers find it. */
export interface RunCache {
  file: CacheFile;
  ref: CacheRef;
}

export async function runUnits(
  units: Unit[],
  config: ResolvedConfig,
  cwd: string,
  cache?: RunCache,
): Promise<CheckResult> {
  const cached = cache && { cache: cache.file, seed: cache.ref.seed };
  setParseCacheLimit(64);
  // Measured on 2 cores: a second lint thread loses to the GC and the WASM compiler, which already use the second
  // core. Threads pay off from 3 cores on. MIGRATION_GUARD_THREADS=N forces N threads (tests, benchmarks).
  const forced = Number(process.env.MIGRATION_GUARD_THREADS);
  const cores = os.availableParallelism();
  const wanted = Number.isInteger(forced) && forced >= 1 ? forced : cores > 2 ? Math.min(cores - 1, 4) : 1;
  const threads = Math.min(wanted, units.length);
  const bytes = threads < 2 ? [] : units.map(unitBytes);
  const total = bytes.reduce((n, b) => n + b, 0);
  if (threads < 2 || (total < PARALLEL_MIN_BYTES && !(forced >= 2))) {
    await loadParser();
    return mergeResults(units.map((u) => runUnit(u, config, cwd, cached)));
  }
  const bins = balance(bytes, threads);
  const results = new Array<CheckResult>(units.length);
  const workers = bins.slice(1).map(async (bin) => {
    const out = await runInWorker({
      units: bin.map((i) => units[i]!),
      config,
      cwd,
      ...(cache ? { cache: cache.ref } : {}),
    });
    bin.forEach((i, k) => (results[i] = out.results[k]!));
    if (out.cache) cache?.file.merge(out.cache);
  });
  await loadParser();
  for (const i of bins[0]!) results[i] = runUnit(units[i]!, config, cwd, cached);
  await Promise.all(workers);
  return mergeResults(results);
}
