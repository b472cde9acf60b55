/**
 * Lints one document version without blocking: the statements' parses are warmed in time slices that yield to the
 * event loop, and the rule pass runs in time slices too; either is abandoned as soon as a newer version exists.
 */
import { analyzeText } from '../engine/analyze';
import { cloneHistory } from '../engine/history';
import { lintSteps } from '../engine/lint';
import type { LintMemo } from '../engine/lint-memo';
import { parseText } from '../engine/parse';
import { splitStatements } from '../engine/split';
import { ruleSet } from '../rules';
import type { FolderContexts } from './folder-context';
import type { LintJob, LintedDoc } from './model';

/** How long one slice may run before yielding (ms). */
const SLICE_MS = 8;
/** Beyond this many statements the parse cache (20,000 entries) cannot hold the file: warming it is wasted work. */
const MAX_WARM = 15_000;

export const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A BOM would shift every offset of the first line: keep the length, drop the character. */
function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text;
}

/** Parses every statement of the text in slices (results land in the engine's parse cache). False when abandoned. */
async function warmParses(text: string, isStale: () => boolean): Promise<boolean> {
  const { segments } = splitStatements(text);
  if (segments.length > MAX_WARM) return !isStale();
  let sliceStart = performance.now();
  for (const seg of segments) {
    parseText(text.slice(seg.start, seg.end));
    if (performance.now() - sliceStart > SLICE_MS) {
      await yieldToLoop();
      if (isStale()) return false;
      sliceStart = performance.now();
    }
  }
  return true;
}

export interface AnalysisOptions {
  /** Warm the parse cache in slices first (skipped for small edits of an already linted document). */
  warm: boolean;
  isStale: () => boolean;
  /** The document's incremental-lint memo (re-lints resume before the first edited statement). */
  memo?: LintMemo;
}

/** Lints a document version; undefined when a newer version made the work stale. */
export async function lintDocument(
  job: LintJob,
  contexts: FolderContexts,
  options: AnalysisOptions,
): Promise<LintedDoc | undefined> {
  const text = withoutBom(job.text);
  if (options.warm && !(await warmParses(text, options.isStale))) return undefined;
  if (options.isStale()) return undefined;
  const file = analyzeText(text, { transactionMode: job.settings.transactionMode }, options.memo?.lastFile);
  const context = contexts.contextFor(job.path, job.settings);
  // The lint updates the history it is given, a copy (the folder context's stays as it was) that nothing reads after:
  // it is handed over to the memo.
  const memo = options.memo ? { memo: options.memo, key: context.history, handOver: true } : undefined;
  const slices = { ms: SLICE_MS, isStale: options.isStale };
  const steps = lintSteps(file, job.settings, ruleSet, cloneHistory(context.history), memo, slices);
  let step = steps.next();
  while (!step.done) {
    await yieldToLoop();
    step = steps.next();
  }
  const result = step.value;
  if (!result) return undefined;
  const findings =
    context.projectFindings.length > 0 ? [...result.findings, ...context.projectFindings] : result.findings;
  return {
    uri: job.uri,
    version: job.version,
    text: job.text,
    ...(job.path !== undefined ? { path: job.path } : {}),
    settings: job.settings,
    file,
    findings,
    before: context.history,
    inFolder: context.inFolder,
  };
}
