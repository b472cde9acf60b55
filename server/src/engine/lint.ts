/** Runs the rules over an analysed file and applies severities and suppression comments. */
import type { AnalyzedFile } from './analyze';
import { emptyHistory, type History } from './history';
import { isSuppressed, parseIgnores } from './ignore';
import type { LintMemo } from './lint-memo';
import { runPass, type ActiveRule, type PassState } from './lint-pass';
import type { Finding, SeverityOrOff, TransactionMode } from './types';
import type { RuleMeta, StatementRule } from '../rules/types';

export interface LintSettings {
  pgVersion: number;
  transactionMode: TransactionMode;
  /** Per-rule overrides (canonical ids). */
  rules: Record<string, SeverityOrOff>;
}

export interface RuleSet {
  rules: StatementRule[];
  metas: Map<string, RuleMeta>;
  resolve(id: string): string | undefined;
}

export function effectiveSeverity(meta: RuleMeta, settings: LintSettings): SeverityOrOff {
  return settings.rules[meta.id] ?? (meta.enabledByDefault ? meta.severity : 'off');
}

export interface LintResult {
  findings: Finding[];
  /** The history after this file (feeds the next file of the folder). */
  history: History;
}

/**
 * Lints an analysed file. `history` (what earlier migrations established) is UPDATED in place with this file's
 * statements: pass a clone when the caller must keep the state before the file. With a `memo` (one per open
 * document) a re-lint after an edit resumes from the last checkpoint before the first changed statement; `memoKey`
 * names everything else the result depends on (e.g. the folder's history object).
 */
export function lintAnalyzed(
  file: AnalyzedFile,
  settings: LintSettings,
  ruleSet: RuleSet,
  history: History = emptyHistory(),
  memo?: MemoUse,
): LintResult {
  const steps = lintSteps(file, settings, ruleSet, history, memo);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value!;
  }
}

/** An incremental lint: the document's memo, and what else its result depends on. */
export interface MemoUse {
  memo: LintMemo;
  key: unknown;
  /**
   * The caller never reads or changes the history it passed in once the lint is done: the memo may keep the state
   * after the file as it is instead of a copy.
   */
  handOver?: boolean;
}

/** How the language server runs a lint: in time slices, dropped as soon as a newer version exists. */
export interface LintSlices {
  ms: number;
  isStale: () => boolean;
}

/**
 * lintAnalyzed in steps: with `slices`, the main pass pauses (the generator yields) whenever a slice is used up, so
 * that the language server lets other work run in between; a lint found stale after a pause is dropped (the result
 * is undefined, and the memo forgets the unfinished pass).
 */
export function* lintSteps(
  file: AnalyzedFile,
  settings: LintSettings,
  ruleSet: RuleSet,
  history: History = emptyHistory(),
  memo?: MemoUse,
  slices?: LintSlices,
): Generator<void, LintResult | undefined> {
  const severityOf = (id: string): SeverityOrOff => {
    const meta = ruleSet.metas.get(id);
    return meta ? effectiveSeverity(meta, settings) : 'off';
  };
  const active: (ActiveRule & { lookahead: boolean })[] = [];
  for (const rule of ruleSet.rules) {
    const severity = effectiveSeverity(rule.meta, settings);
    if (severity === 'off') continue;
    active.push({ rule, severity, kinds: rule.kinds && new Set(rule.kinds), lookahead: !!rule.lookahead });
  }
  const main = active.filter((r) => !r.lookahead);
  const side = active.filter((r) => r.lookahead);
  const opts = { pgVersion: settings.pgVersion, transactionMode: settings.transactionMode, main: true };
  const key = [ruleSet, JSON.stringify(settings), memo?.key];
  let raw: Finding[];
  const resume = memo?.memo.resumePoint(key, file);
  let state: PassState;
  let from = 0;
  if (resume) {
    raw = resume.found;
    state = resume.checkpoint.state;
    from = resume.checkpoint.index;
    // The caller's history object must end up holding the state after the file, as in a full run.
    Object.assign(history, state.history);
    state.history = history;
  } else {
    raw = [];
    state = { states: main.map((r) => r.rule.createState?.()), history, created: new Map() };
  }
  let stop = from;
  let converged = false;
  let finished = false;
  try {
    for (;;) {
      const first = stop;
      const deadline = slices ? performance.now() + slices.ms : Infinity;
      stop = runPass(file, main, stop, state, raw, {
        ...opts,
        before: (i, st, found) => {
          if (memo?.memo.before(i, st, found)) return (converged = true);
          // Every 16 statements, and never before the slice's first one (each slice makes progress).
          return slices !== undefined && i > first && i % 16 === 0 && performance.now() > deadline;
        },
      });
      if (converged || stop >= file.statements.length) break;
      yield;
      if (slices?.isStale()) return undefined;
    }
    finished = true;
  } finally {
    // Dropped as stale, or failed: the checkpoints of an unfinished pass must not be reused.
    if (!finished) memo?.memo.abandon();
  }
  if (memo) {
    memo.memo.lastRerun = stop - from;
    if (stop < file.statements.length) {
      // Converged: the rest of the file lints as before, and ends in the state it ended in before.
      const end = memo.memo.converged(stop, raw);
      Object.assign(history, end.history);
      state.created = end.created;
      memo.memo.finish(key, file, raw);
    } else memo.memo.finish(key, file, raw, state, memo.handOver === true);
  }
  const all = [...raw];
  if (side.length > 0) {
    // Rules that look ahead run over the whole file every time, after the main pass: they see the relations
    // created in the file (isNew stays exact) and the history as of the END of the file.
    const sideState = { states: side.map((r) => r.rule.createState?.()), history, created: state.created };
    runPass(file, side, 0, sideState, all, { ...opts, main: false });
  }
  return { findings: applySuppressions(file, all, ruleSet, severityOf), history };
}

function applySuppressions(
  file: AnalyzedFile,
  raw: Finding[],
  ruleSet: RuleSet,
  severityOf: (id: string) => SeverityOrOff,
): Finding[] {
  const directives = parseIgnores(file, (id) => ruleSet.resolve(id));
  if (directives.length === 0) return raw;
  const kept = raw.filter((f) => f.rule === 'syntax-error' || !isSuppressed(directives, f.rule, f.statementIndex));
  const unusedSeverity = severityOf('unused-ignore');
  if (unusedSeverity === 'off') return kept;
  for (const d of directives) {
    const range = file.lines.range(d.start, d.end);
    const push = (message: string): void => {
      kept.push({
        rule: 'unused-ignore',
        severity: unusedSeverity,
        message,
        help: 'Remove the ignore comment, or correct the rule id.',
        range,
        fixable: true,
        ...(d.statementIndex !== undefined ? { statementIndex: d.statementIndex } : {}),
      });
    };
    if (d.ids.length === 0) {
      if (!d.used.has('*')) push('This ignore comment suppresses nothing.');
      continue;
    }
    for (const x of d.ids) {
      if (!x.id) {
        if (!d.foreign) push(`Unknown rule id "${x.written}" in an ignore comment.`);
      } else if (!d.used.has(x.id) && severityOf(x.id) !== 'off')
        push(`This ignore comment suppresses nothing for "${x.written}".`);
    }
  }
  return kept;
}
