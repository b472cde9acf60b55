/**
 * Fuzzes the engine in-process (analyzeText + lintAnalyzed): no exception escapes, every input is answered within a
 * bound (a watchdog terminates the worker on a hang and names the input), every finding's range is well-formed.
 * MG_FUZZ_ITERATIONS (default 3000) and MG_FUZZ_SEED choose the inputs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { fuzzBudget } from './prng';
import type { WorkerJob, WorkerReport } from './engine-worker';

/** Per input: mutated seed documents, and the 10 MB / deeply nested ones. */
const BOUND_MS = 10_000;
const BIG_BOUND_MS = 60_000;

interface Outcome {
  tried: number;
  failures: string[];
  slowest: { label: string; ms: number };
  big: { label: string; ms: number; findings: number }[];
  hung?: string;
}

function runWorker(job: WorkerJob, log: (m: string) => void): Promise<Outcome> {
  const out: Outcome = { tried: 0, failures: [], slowest: { label: '', ms: 0 }, big: [] };
  const worker = new Worker(path.join(__dirname, 'engine-worker.js'), { workerData: job });
  return new Promise((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const arm = (ms: number, label: string): void => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        out.hung = `${label}: no answer within ${ms} ms`;
        void worker.terminate().then(() => resolve(out));
      }, ms);
    };
    arm(BIG_BOUND_MS, 'loading the parser and the seed files');
    worker.on('message', (r: WorkerReport) => {
      if (r.kind === 'info') log(r.message);
      else if (r.kind === 'start') arm(r.index < 0 ? BIG_BOUND_MS : BOUND_MS, r.label);
      else if (r.kind === 'done') {
        out.tried++;
        if (r.ms > out.slowest.ms && r.index >= 0) out.slowest = { label: r.label, ms: r.ms };
        if (r.index < 0) out.big.push({ label: r.label, ms: r.ms, findings: r.findings });
        const bound = r.index < 0 ? BIG_BOUND_MS : BOUND_MS;
        if (r.ms > bound) out.failures.push(`${r.label}: took ${Math.round(r.ms)} ms (bound ${bound})`);
        for (const p of r.problems.slice(0, 3)) out.failures.push(`${r.label}: ${p}`);
      } else {
        clearTimeout(timer);
        void worker.terminate().then(() => resolve(out));
      }
    });
    worker.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

test('engine fuzz: no exception, no hang, well-formed ranges', { timeout: 30 * 60_000 }, async (t) => {
  const { iterations, seed } = fuzzBudget(3000);
  const out = await runWorker({ seed, from: 0, to: iterations, big: true }, (m) => t.diagnostic(m));
  t.diagnostic(`engine inputs tried: ${out.tried} (${iterations} mutated, ${out.big.length} large/deep), seed ${seed}`);
  t.diagnostic(`slowest mutated input: ${Math.round(out.slowest.ms)} ms (${out.slowest.label})`);
  for (const b of out.big) t.diagnostic(`${b.label}: ${Math.round(b.ms)} ms, ${b.findings} findings`);
  assert.equal(out.hung, undefined, out.hung);
  assert.deepEqual(out.failures.slice(0, 20), []);
  assert.equal(out.tried, iterations + out.big.length);
});
