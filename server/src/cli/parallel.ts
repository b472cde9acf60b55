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
import { mergeResults, runUnit, type CheckResult, type Unit } from './collect';

/** Below this much SQL, starting threads costs more than it saves. */
const PARALLEL_MIN_BYTES = 256 * 1024;

export interface WorkerInput {
  units: Unit[];
  config: ResolvedConfig;
  cwd: string;
}

export type WorkerOutput = { ok: true; results: CheckResult[] } | { ok: false; error: string; usage: boolean };

function balance(units: Unit[], bins: number): number[][] {
  const load = new Array<number>(bins).fill(0);
  const out: number[][] = Array.from({ length: bins }, () => []);
  const order = units.map((_u, i) => i).sort((a, b) => units[b]!.bytes - units[a]!.bytes);
  for (const i of order) {
    const b = load.indexOf(Math.min(...load));
    out[b]!.push(i);
    load[b]! += units[i]!.bytes + 2048;
  }
  return out;
}

/** The worker's entry: worker.js beside this file (tsc output, server/out/cli/), else the bundle's cli-worker.js. */
function workerEntry(): string {
  const bundled = path.join(__dirname, 'cli-worker.js');
  if (fs.existsSync(bundled) || path.basename(__dirname) !== 'cli') return bundled;
  return path.join(__dirname, 'worker.js');
}

function runInWorker(input: WorkerInput): Promise<CheckResult[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerEntry(), { workerData: input });
    worker.once('message', (m: WorkerOutput) => {
      if (m.ok) resolve(m.results);
      else reject(m.usage ? new UsageError(m.error) : new Error(m.error));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`a lint worker exited with code ${code}`));
    });
  });
}

export async function runUnits(units: Unit[], config: ResolvedConfig, cwd: string): Promise<CheckResult> {
  setParseCacheLimit(64);
  const total = units.reduce((n, u) => n + u.bytes, 0);
  // Measured on 2 cores: a second lint thread loses to the GC and the WASM compiler, which already use the second
  // core. Threads pay off from 3 cores on. MIGRATION_GUARD_THREADS=N forces N threads (tests, benchmarks).
  const forced = Number(process.env.MIGRATION_GUARD_THREADS);
  const cores = os.availableParallelism();
  const wanted = Number.isInteger(forced) && forced >= 1 ? forced : cores > 2 ? Math.min(cores - 1, 4) : 1;
  const threads = Math.min(wanted, units.length);
  if (threads < 2 || (total < PARALLEL_MIN_BYTES && !(forced >= 2))) {
    await loadParser();
    return mergeResults(units.map((u) => runUnit(u, config, cwd)));
  }
  const bins = balance(units, threads);
  const results = new Array<CheckResult>(units.length);
  const workers = bins.slice(1).map(async (bin) => {
    const out = await runInWorker({ units: bin.map((i) => units[i]!), config, cwd });
    bin.forEach((i, k) => (results[i] = out[k]!));
  });
  await loadParser();
  for (const i of bins[0]!) results[i] = runUnit(units[i]!, config, cwd);
  await Promise.all(workers);
  return mergeResults(results);
}
