/** A lint worker thread: runs the units it is given and posts the results back. */
import { parentPort, workerData } from 'node:worker_threads';
import { loadParser, setParseCacheLimit } from '../engine/parse';
import { UsageError } from './args';
import { CacheFile } from './cache-store';
import { runUnit } from './collect';
import type { WorkerInput, WorkerOutput } from './parallel';

async function main(): Promise<void> {
  const input = workerData as WorkerInput;
  let out: WorkerOutput;
  try {
    setParseCacheLimit(64);
    await loadParser();
    const ref = input.cache;
    const file = ref && CacheFile.open(ref.location, ref.fingerprint, () => undefined);
    const cached = file && ref && { cache: file, seed: ref.seed };
    const results = input.units.map((u) => runUnit(u, input.config, input.cwd, cached));
    out = { ok: true, results, ...(file ? { cache: file.delta() } : {}) };
  } catch (e) {
    out = { ok: false, error: e instanceof Error ? e.message : String(e), usage: e instanceof UsageError };
  }
  parentPort?.postMessage(out);
}

void main();
