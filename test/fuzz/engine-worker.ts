/**
 * Runs fuzz inputs through the engine (analyzeText + lintAnalyzed) in a worker thread, posting one message per input
 * so that the test's watchdog can tell a hang from slow progress.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { analyzeText } from '../../server/out/engine/analyze';
import { lintAnalyzed, type LintSettings } from '../../server/out/engine/lint';
import { loadParser } from '../../server/out/engine/parse';
import { allMetas, ruleSet } from '../../server/out/rules';
import type { TransactionMode } from '../../server/out/engine/types';
import { bigInputs } from './big';
import { fuzzCase } from './cases';
import { rangeProblems } from './check';
import { loadSources } from './sources';

export interface WorkerJob {
  seed: number;
  from: number;
  to: number;
  big: boolean;
}
export type WorkerReport =
  | { kind: 'start'; index: number; label: string }
  | { kind: 'done'; index: number; label: string; ms: number; findings: number; problems: string[] }
  | { kind: 'info'; message: string }
  | { kind: 'end' };

const MODES: TransactionMode[] = ['drizzle-batch', 'per-file', 'none'];
const allOn = Object.fromEntries(allMetas.map((m) => [m.id, 'warning' as const]));

function run(index: number, label: string, text: string): WorkerReport {
  const settings: LintSettings = {
    pgVersion: 12 + (index % 7),
    transactionMode: MODES[index % 3]!,
    rules: index % 2 ? allOn : {},
  };
  const started = performance.now();
  let problems: string[] = [];
  let findings = 0;
  try {
    const file = analyzeText(text, { transactionMode: settings.transactionMode });
    const result = lintAnalyzed(file, settings, ruleSet);
    findings = result.findings.length;
    problems = rangeProblems(text, result.findings);
  } catch (e) {
    problems = [`exception: ${(e as Error).stack ?? String(e)}`];
  }
  return { kind: 'done', index, label, ms: performance.now() - started, findings, problems };
}

async function main(job: WorkerJob): Promise<void> {
  const port = parentPort!;
  await loadParser();
  const sources = loadSources();
  if (sources.skipped) port.postMessage({ kind: 'info', message: sources.skipped });
  port.postMessage({
    kind: 'info',
    message: `${sources.files.length} seed files (${sources.corpusFiles} from the corpus)`,
  });
  if (job.big) {
    for (const [i, input] of bigInputs().entries()) {
      port.postMessage({ kind: 'start', index: -1 - i, label: input.name });
      port.postMessage(run(-1 - i, input.name, input.text));
    }
  }
  for (let i = job.from; i < job.to; i++) {
    const c = fuzzCase(sources, job.seed, i);
    port.postMessage({ kind: 'start', index: i, label: c.label });
    port.postMessage(run(i, c.label, c.text));
  }
  port.postMessage({ kind: 'end' });
}

void main(workerData as WorkerJob);
