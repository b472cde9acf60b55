/**
 * Incremental re-linting for the language server. Rules see a file in order and carry state forward, so after an
 * edit everything before the first changed statement is as it was: the memo keeps checkpoints of the pass state
 * (rule states, history, created relations) every few statements and the findings reported before each, and the
 * next lint resumes from the last checkpoint before the change. It stops again as soon as it converges: at a later
 * checkpoint where the rest of the file is unchanged (same text, transactions and positions) and the pass state equals
 * the one recorded there, the old findings from that point on still hold (the way an editor's incremental tokenizer
 * stops when a line ends in the state it ended in before). Rules that look at LATER statements (`lookahead`) are
 * always run over the whole file in a pass of their own.
 */
import { sameTx, type AnalyzedFile, type TxSnapshot } from './analyze';
import { clonePlain, deepEqual } from './plain-data';
import { cloneHistory } from './history';
import { keepUnchanged } from './same-finding';
import type { PassState } from './lint-pass';
import type { Finding } from './types';

/** A checkpoint every this many statements over the whole file (each costs a copy of the pass state)... */
const EVERY = 256;
/** ...and one at the multiple of this just before the statement being edited, where the next edit will resume. */
const NEAR = 32;

interface Checkpoint {
  index: number;
  state: PassState;
  /** How many findings the main pass had reported before `index`. */
  found: number;
}

/** Per statement: its text, transaction and position (parallel arrays: no object per statement and lint). */
interface Signatures {
  texts: string[];
  txs: TxSnapshot[];
  lines: Int32Array;
  characters: Int32Array;
}

const NO_SIGNATURES: Signatures = { texts: [], txs: [], lines: new Int32Array(0), characters: new Int32Array(0) };

/** Where a re-lint starts, and how it may stop early. */
export interface Resume {
  checkpoint: Checkpoint;
  found: Finding[];
}

export class LintMemo {
  private key: unknown[] = [];
  private sigs: Signatures = NO_SIGNATURES;
  private checkpoints: Checkpoint[] = [];
  /** Checkpoints after the resume point, kept for the convergence test. */
  private later: Checkpoint[] = [];
  private found: Finding[] = [];
  /** The history and created relations after the whole file (as the last full pass left them). */
  private end: Pick<PassState, 'history' | 'created'> | undefined;
  /** The first statement from which the file is as before (text, transaction, position); Infinity when none is. */
  private sameFrom = Infinity;
  /** Where the extra checkpoint near the edit goes. */
  private near = -1;
  /** The checkpoint the current pass resumed from (its state went to the pass); -1 for a full pass. */
  private resumedAt = -1;
  /** How many findings came before that checkpoint (the findings from there on were reported again). */
  private resumedFound = 0;
  /** The signatures of the file the last resumePoint looked at (finish reuses them). */
  private pending: { file: AnalyzedFile; sigs: Signatures } | undefined;
  /**
   * A streak: this lint resumed where the last one did, and the last one ran to the end without converging (typing
   * in a name that later statements see). Its checkpoints past the edit would be replaced at the next keystroke
   * before any use: none is recorded, which spares a copy of the pass state every EVERY statements.
   */
  private streak = false;
  /** Where the last finished lint resumed (-1: a full lint), and whether it ran to the end from there. */
  private lastResumedAt = -1;
  private lastRanToEnd = false;
  /** Set when a rule's state cannot be cloned: every lint is then a full one. */
  private disabled = false;
  /** How many statements the last lint re-ran (for tests and benchmarks). */
  lastRerun = 0;
  /** The file the last lint looked at: the next version of the document is analysed from it. */
  lastFile: AnalyzedFile | undefined;

  /** The key names what the results depend on besides the text: settings, rule set, the folder's history. */
  resumePoint(key: unknown[], file: AnalyzedFile): Resume | undefined {
    this.later = [];
    this.sameFrom = Infinity;
    this.near = -1;
    this.resumedAt = -1;
    this.resumedFound = 0;
    this.streak = false;
    const sameKey = key.length === this.key.length && key.every((k, i) => k === this.key[i]);
    const sigs = signatures(file);
    this.pending = { file, sigs };
    const d = sameKey && !this.disabled ? firstChange(sigs, this.sigs) : 0;
    let cp: Checkpoint | undefined;
    for (const c of this.checkpoints) if (c.index <= d) cp = c;
    if (!cp || !sameKey) {
      // A full lint: the checkpoints of another text or key must not survive it.
      this.checkpoints = [];
      return undefined;
    }
    this.sameFrom = unchangedFrom(sigs, this.sigs);
    this.near = d - (d % NEAR);
    this.resumedAt = cp.index;
    this.streak = this.lastRanToEnd && this.lastResumedAt === cp.index;
    // The resumed pass takes the checkpoint's state over and records a fresh checkpoint at the same index.
    this.later = this.checkpoints.filter((c) => c.index > cp.index);
    this.checkpoints = this.checkpoints.filter((c) => c.index < cp.index);
    this.resumedFound = cp.found;
    return { checkpoint: cp, found: this.found.slice(0, cp.found) };
  }

  /**
   * Called before statement `index`: records a checkpoint every few statements, and says whether the pass may stop
   * here because it converged (the old findings from `index` on, and the old end state, hold).
   */
  before(index: number, state: PassState, found: Finding[]): boolean {
    if (this.disabled || (index % EVERY !== 0 && index !== this.near)) return false;
    if (index >= this.sameFrom) {
      const old = this.later.find((c) => c.index === index);
      if (old && this.end && sameState(state, old.state)) return true;
    }
    if (this.checkpoints.some((c) => c.index === index) || (this.streak && index > this.near)) return false;
    try {
      this.checkpoints.push({ index, state: clonePassState(state), found: found.length });
    } catch {
      this.disabled = true;
      this.checkpoints = [];
    }
    return false;
  }

  /**
   * The pass stopped before statement `index` (converged): completes `found` with the old findings from there on and
   * returns the state after the file.
   */
  converged(index: number, found: Finding[]): Pick<PassState, 'history' | 'created'> {
    const old = this.later.find((c) => c.index === index)!;
    const shift = found.length - old.found;
    found.push(...this.found.slice(old.found));
    for (const c of this.later) if (c.index >= index) this.checkpoints.push({ ...c, found: c.found + shift });
    this.later = [];
    const end = this.end!;
    return { history: cloneHistory(end.history), created: new Map(end.created) };
  }

  /**
   * Records the file and findings of a finished lint; `end` is set when the pass ran to the end of the file (kept as it
   * is when the caller handed its history over, else copied). Findings equal to the last lint's are replaced by those
   * objects (they are what the caller gets).
   */
  finish(key: unknown[], file: AnalyzedFile, found: Finding[], end?: PassState, handedOver = false): void {
    this.key = key;
    this.sigs = this.pending?.file === file ? this.pending.sigs : signatures(file);
    this.pending = undefined;
    this.lastFile = file;
    keepUnchanged(found, this.found, this.resumedFound);
    this.found = found;
    this.later = [];
    this.lastResumedAt = this.resumedAt;
    this.lastRanToEnd = this.resumedAt >= 0 && end !== undefined;
    if (end)
      this.end = handedOver
        ? { history: end.history, created: end.created }
        : { history: cloneHistory(end.history), created: new Map(end.created) };
  }

  /**
   * The pass that resumePoint started did not finish (a newer version made it stale, or a rule failed): drops the
   * checkpoints it recorded and puts back those of the last finished lint (the one it resumed from went to the pass).
   */
  abandon(): void {
    this.checkpoints = [...this.checkpoints.filter((c) => c.index < this.resumedAt), ...this.later];
    this.later = [];
    this.pending = undefined;
  }
}

function signatures(file: AnalyzedFile): Signatures {
  const n = file.statements.length;
  const sigs: Signatures = { texts: [], txs: [], lines: new Int32Array(n), characters: new Int32Array(n) };
  file.statements.forEach((s, i) => {
    const line = file.lines.lineAt(s.start);
    sigs.texts.push(s.text);
    sigs.txs.push(s.tx);
    sigs.lines[i] = line;
    sigs.characters[i] = s.start - file.lines.lineStart(line);
  });
  return sigs;
}

const sameSig = (a: Signatures, i: number, b: Signatures): boolean =>
  a.texts[i] === b.texts[i] &&
  sameTx(a.txs[i]!, b.txs[i]!) &&
  a.lines[i] === b.lines[i] &&
  a.characters[i] === b.characters[i];

/** The first statement that differs (text, transaction or position: its findings' ranges would move). */
function firstChange(now: Signatures, before: Signatures): number {
  const n = Math.min(now.texts.length, before.texts.length);
  for (let i = 0; i < n; i++) if (!sameSig(now, i, before)) return i;
  return n;
}

/**
 * The first statement from which everything is as before, when the statement count and every statement's line are
 * unchanged (messages name the lines of other statements: a shifted line would make old findings wrong).
 */
function unchangedFrom(now: Signatures, before: Signatures): number {
  if (now.texts.length !== before.texts.length) return Infinity;
  let from = now.texts.length;
  for (let i = now.texts.length - 1; i >= 0; i--) {
    if (now.lines[i] !== before.lines[i]) return Infinity;
    if (from === i + 1 && sameSig(now, i, before)) from = i;
  }
  return from;
}

/** The cheap and most often different parts first: relations created, then the history, then the rule states. */
const sameState = (a: PassState, b: PassState): boolean =>
  deepEqual(a.created, b.created) && deepEqual(a.history, b.history) && deepEqual(a.states, b.states);

/**
 * A copy that the next pass may mutate. Rule states are small: deep-copied. The history is large but its maps hold
 * immutable values (recordStatement replaces entries, never edits them): copying the maps is enough.
 */
export function clonePassState(s: PassState): PassState {
  return { states: clonePlain(s.states), history: cloneHistory(s.history), created: new Map(s.created) };
}
