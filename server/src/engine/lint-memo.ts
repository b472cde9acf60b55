/**
 * Incremental re-linting for the language server. Rules see a file in order and carry state forward, so after an
 * edit everything before the first changed statement is as it was: the memo keeps checkpoints of the pass state
 * (rule states, history, created relations) every few statements and the findings reported before each, and the
 * next lint resumes from the last checkpoint before the change. Rules that look at LATER statements
 * (`lookahead`) are always run over the whole file in a pass of their own.
 */
import type { AnalyzedFile, AnalyzedStatement } from './analyze';
import { cloneHistory } from './history';
import type { PassState } from './lint-pass';
import type { Finding } from './types';

const EVERY = 64;

interface Checkpoint {
  index: number;
  state: PassState;
  /** How many findings the main pass had reported before `index`. */
  found: number;
}

interface Signature {
  start: number;
  line: number;
  text: string;
  tx: string;
}

export class LintMemo {
  private key: unknown[] = [];
  private sigs: Signature[] = [];
  private checkpoints: Checkpoint[] = [];
  private found: Finding[] = [];
  /** Set when a rule's state cannot be cloned: every lint is then a full one. */
  private disabled = false;
  /** How many statements the last lint re-ran (for tests and benchmarks). */
  lastRerun = 0;

  /** The key names what the results depend on besides the text: settings, rule set, the folder's history. */
  resumePoint(key: unknown[], file: AnalyzedFile): { checkpoint: Checkpoint; found: Finding[] } | undefined {
    if (this.disabled || key.length !== this.key.length || key.some((k, i) => k !== this.key[i])) return undefined;
    const d = this.firstChange(file);
    let cp: Checkpoint | undefined;
    for (const c of this.checkpoints) if (c.index <= d) cp = c;
    if (!cp) return undefined;
    // The resumed pass takes the checkpoint's state over and records a fresh checkpoint at the same index.
    this.checkpoints = this.checkpoints.filter((c) => c.index < cp.index);
    return { checkpoint: cp, found: this.found.slice(0, cp.found) };
  }

  private firstChange(file: AnalyzedFile): number {
    const stmts = file.statements;
    const n = Math.min(stmts.length, this.sigs.length);
    for (let i = 0; i < n; i++) {
      const a = stmts[i]!;
      const b = this.sigs[i]!;
      if (a.start !== b.start || a.text !== b.text || txKey(a) !== b.tx) return i;
      // Same offset but another line (a newline edited in a comment before it): its findings' ranges moved.
      if (file.lines.positionAt(a.start).line !== b.line) return i;
    }
    return n;
  }

  /** Records a checkpoint before statement `index` every few statements. */
  checkpoint(index: number, state: PassState, found: Finding[]): void {
    if (this.disabled || index % EVERY !== 0 || this.checkpoints.some((c) => c.index === index)) return;
    try {
      this.checkpoints.push({ index, state: clonePassState(state), found: found.length });
    } catch {
      this.disabled = true;
      this.checkpoints = [];
    }
  }

  finish(key: unknown[], file: AnalyzedFile, found: Finding[]): void {
    this.key = key;
    this.sigs = file.statements.map((s) => ({
      start: s.start,
      line: file.lines.positionAt(s.start).line,
      text: s.text,
      tx: txKey(s),
    }));
    this.found = found;
  }

  reset(): void {
    this.key = [];
    this.checkpoints = [];
  }
}

function txKey(s: AnalyzedStatement): string {
  const t = s.tx;
  return `${t.id}:${+t.inTransaction}${+t.implicit}${+t.lockTimeout}${+t.statementTimeout}`;
}

/**
 * A copy that the next pass may mutate. Rule states are small: deep-copied. The history is large but its maps hold
 * immutable values (recordStatement replaces entries, never edits them): copying the maps is enough.
 */
export function clonePassState(s: PassState): PassState {
  return { states: structuredClone(s.states), history: cloneHistory(s.history), created: new Map(s.created) };
}
